import { describe, expect, it } from 'vitest';
import {
  reportDigestText,
  reportReminderText,
  reportRequestText,
  reportReturnText,
} from './report-nudge.texts.js';

const REPORT = {
  formTitle: {
    ru: 'Итоги кампании «Безопасный интернет»',
    vi: 'Báo cáo kết quả',
    en: 'Safe Internet results',
  },
  periodKey: 'once',
  dueOn: '2017-04-25',
};

describe('reportReminderText', () => {
  it('says how many days are left, with the due date written out, in every language', () => {
    const text = reportReminderText(REPORT, 7);
    expect(text).toEqual({
      en: 'Reminder · Safe Internet results: your report is due in 7 days, on 25 April 2017.',
      ru: 'Напоминание · Итоги кампании «Безопасный интернет»: отчёт нужно сдать через 7 дней, до 25 апреля 2017 г.',
      // Kazakh falls back to English for the title; ICU writes the date year first.
      kk: expect.stringMatching(
        /^Еске салу · Safe Internet results: есепті тапсыруға 7 күн қалды, мерзімі .*2017.*25/,
      ),
      vi: expect.stringMatching(
        /^Nhắc việc · Báo cáo kết quả: còn 7 ngày đến hạn nộp báo cáo, hạn 25 .*4.*2017\.$/,
      ),
    });
  });

  it('says "today" on the day, agrees in number, and names a recurring period', () => {
    const today = reportReminderText({ ...REPORT, periodKey: '2023-Q2' }, 0);
    expect(today.en).toBe(
      'Reminder · Safe Internet results (2023-Q2): your report is due today, 25 April 2017.',
    );
    expect(reportReminderText(REPORT, 1).en).toContain('due in 1 day, on');
    expect(reportReminderText(REPORT, 1).ru).toContain('через 1 день');
    expect(reportReminderText(REPORT, 3).ru).toContain('через 3 дня');
  });

  it('carries the organisation’s link on a line of its own', () => {
    const text = reportReminderText(REPORT, 1, 'https://hub.example/r/abc');
    expect(text.vi?.split('\n')).toEqual([
      expect.stringContaining('còn 1 ngày'),
      'Nộp báo cáo tại: https://hub.example/r/abc',
    ]);
    expect(text.ru?.endsWith('Заполнить отчёт: https://hub.example/r/abc')).toBe(true);
  });
});

describe('reportDigestText', () => {
  it('counts and names the missing organisations, ten at most', () => {
    const one = reportDigestText(REPORT, ['School No. 2']);
    expect(one.en).toBe(
      'Safe Internet results: 1 of your organisations has not submitted the report due 25 April 2017: School No. 2.',
    );
    expect(one.ru).toBe(
      'Итоги кампании «Безопасный интернет»: 1 организация не сдала отчёт (срок 25 апреля 2017 г.): School No. 2.',
    );
    const names = Array.from({ length: 12 }, (_, i) => `School ${i + 1}`);
    const many = reportDigestText(REPORT, names);
    expect(many.en).toContain('12 of your organisations have not submitted');
    expect(many.en).toContain('School 10, and 2 more.');
    expect(many.en).not.toContain('School 11');
    expect(many.vi).toContain('12 đơn vị chưa nộp báo cáo');
    expect(many.vi).toContain('và 2 đơn vị khác');
    expect(many.kk).toContain('12 ұйым есепті тапсырмады');
    expect(many.ru).toContain('12 организаций не сдали отчёт');
  });

  it('refuses an empty digest', () => {
    expect(() => reportDigestText(REPORT, [])).toThrow(RangeError);
  });
});

describe('reportReturnText', () => {
  it('names who returned it, quotes the comment and gives the link, in every language', () => {
    const text = reportReturnText(
      REPORT,
      'Министерство',
      'Охват детей не совпадает с журналом',
      'https://hub.example.kz/r/abc',
    );
    expect(text.ru).toBe(
      'Итоги кампании «Безопасный интернет»: Министерство вернул(а) ваш отчёт на доработку: “Охват детей не совпадает с журналом”\nИсправьте и сдайте отчёт снова: https://hub.example.kz/r/abc',
    );
    expect(text.en).toBe(
      'Safe Internet results: Министерство returned your report: “Охват детей не совпадает с журналом”\nCorrect it and submit it again here: https://hub.example.kz/r/abc',
    );
    expect(text.kk).toContain('Министерство есебіңізді пысықтауға қайтарды');
    expect(text.vi).toContain('Sửa và nộp lại báo cáo tại: https://hub.example.kz/r/abc');
  });
});

describe('reportRequestText', () => {
  it('asks for the report by its due date, with the link, in every language', () => {
    const text = reportRequestText(REPORT, 'https://hub.example.kz/r/abc');
    expect(text.en).toBe(
      'Safe Internet results: please submit your report, due 25 April 2017.\nSubmit it here: https://hub.example.kz/r/abc',
    );
    expect(text.ru).toBe(
      'Итоги кампании «Безопасный интернет»: просим сдать отчёт, срок 25 апреля 2017 г.\nЗаполнить отчёт: https://hub.example.kz/r/abc',
    );
    expect(text.kk).toContain('есепті тапсыруыңызды сұраймыз');
    expect(text.vi).toContain('đề nghị đơn vị nộp báo cáo');
  });
});
