import { describe, expect, it } from 'vitest';
import { parseConsentKeyword } from './keywords.js';

describe('parseConsentKeyword', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    [' Stop. ', 'stop'],
    ['STOPALL', 'stop'],
    ['unsubscribe', 'stop'],
    ['Cancel', 'stop'],
    ['end', 'stop'],
    ['quit!', 'stop'],
    ['СТОП', 'stop'],
    ['стоп', 'stop'],
    ['Отписаться', 'stop'],
    ['отписка', 'stop'],
    ['тоқтату', 'stop'],
    ['ТОКТАТУ', 'stop'],
    ['Dừng', 'stop'],
    ['DUNG', 'stop'],
    ['hủy', 'stop'],
    ['huy', 'stop'],
    ['Từ chối', 'stop'],
    ['START', 'start'],
    ['unstop', 'start'],
    ['Yes', 'start'],
    ['subscribe', 'start'],
    ['Старт', 'start'],
    ['подписаться', 'start'],
    ['бастау', 'start'],
    ['Bắt đầu', 'start'],
    ['batdau', 'start'],
    ['Đăng ký', 'start'],
    ['dangky', 'start'],
    ['HELP', 'help'],
    ['info?', 'help'],
    ['Помощь', 'help'],
    ['справка', 'help'],
    ['көмек', 'help'],
    ['комек', 'help'],
    ['Trợ giúp', 'help'],
    ['trogiup', 'help'],
  ] as const)('reads %j as %s', (text, keyword) => {
    expect(parseConsentKeyword(text)).toBe(keyword);
  });

  it('reads Vietnamese typed with combining marks (NFD) like the precomposed form', () => {
    const decomposed = 'Dừng'.normalize('NFD');
    expect(decomposed).not.toBe('Dừng');
    expect(parseConsentKeyword(decomposed)).toBe('stop');
    expect(parseConsentKeyword('Trợ giúp'.normalize('NFD'))).toBe('help');
  });

  it('tolerates extra spaces and line breaks inside multi-word keywords', () => {
    expect(parseConsentKeyword('  từ   chối\n')).toBe('stop');
    expect(parseConsentKeyword('BẮT\tĐẦU')).toBe('start');
  });

  it.each([
    'please stop',
    'stop sending me this',
    'стоп пожалуйста',
    'STOPP',
    'DỪNG LẠI',
    '',
    '   ',
    '!!!',
    'Спасибо за памятку',
  ])('ignores %j, which is not a keyword on its own', (text) => {
    expect(parseConsentKeyword(text)).toBeUndefined();
  });
});
