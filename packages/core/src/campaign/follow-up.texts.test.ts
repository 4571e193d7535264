import { describe, expect, it } from 'vitest';
import { escalationText, longDate, reminderText } from './follow-up.texts.js';

const campaign = { ru: 'Безопасный интернет', kk: 'Қауіпсіз интернет', en: 'Safe Internet' };
const item7 = {
  number: '7.',
  title: { ru: 'Конкурс эссе', en: 'Essay contest' },
  dueDate: '2017-04-25',
  daysBefore: 3,
};

describe('reminderText', () => {
  it('names one item with its due date in every language, falling back to English', () => {
    const text = reminderText(campaign, [item7]);
    expect(text.en).toBe(
      'Reminder · Safe Internet: item 7 “Essay contest” is due in 3 days, on 25 April 2017.',
    );
    expect(text.ru).toBe(
      'Напоминание · Безопасный интернет: пункт 7 «Конкурс эссе» — срок через 3 дня, 25 апреля 2017 г.',
    );
    // No Vietnamese title or campaign: English stands in; the date is Vietnamese.
    expect(text.vi).toContain('Nhắc việc · Safe Internet: mục 7 «Essay contest» — còn 3 ngày');
    expect(text.kk).toContain('7-тармақ «Essay contest» — мерзіміне 3 күн қалды');
  });

  it('says "today" on the day and lists several items in a digest', () => {
    const today = { ...item7, daysBefore: 0 };
    expect(reminderText(campaign, [today]).en).toContain('is due today, 25 April 2017');
    const digest = reminderText(campaign, [
      today,
      { ...item7, number: '12a', title: { en: 'Parent meeting' }, dueDate: '2017-04-30' },
    ]);
    expect(digest.en?.split('\n')).toEqual([
      'Reminder · Safe Internet: 2 items of the plan are due:',
      '• item 7 “Essay contest” is due today, 25 April 2017',
      '• item 12a “Parent meeting” is due in 3 days, on 30 April 2017',
    ]);
    expect(digest.ru?.split('\n')[0]).toContain('подходит срок пунктов плана: 2');
  });

  it('refuses an empty reminder', () => {
    expect(() => reminderText(campaign, [])).toThrow(RangeError);
  });
});

describe('escalationText', () => {
  it('counts and names the organisations, ten at most', () => {
    const names = Array.from({ length: 12 }, (_, i) => `School No. ${i + 1}`);
    const text = escalationText(campaign, item7, '2017-04-25', names);
    expect(text.en).toBe(
      `Safe Internet: 12 of your organisations have not done item 7 “Essay contest”, due 25 April 2017: ${names.slice(0, 10).join(', ')}, and 2 more.`,
    );
    expect(escalationText(campaign, item7, '2017-04-25', ['Школа №1']).ru).toBe(
      'Безопасный интернет: 1 организация не выполнила пункт 7 «Конкурс эссе» (срок 25 апреля 2017 г.): Школа №1.',
    );
  });

  it('writes dates out in each language', () => {
    expect(longDate('2022-05-31', 'vi')).toMatch(/31.*5.*2022/);
    expect(longDate('2017-04-25', 'kk')).toMatch(/2017/);
  });
});
