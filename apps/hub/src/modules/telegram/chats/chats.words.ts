import type { Language } from '@safenet/core';

/**
 * What the bot says in a group when an administrator connects it, in the four languages of
 * the programmes: a confirmation in the language the organisation chose for the chat; a
 * refusal in the sender's Telegram language. In a channel the bot says nothing (every
 * subscriber would read it): the console shows the outcome.
 */
export interface ChatWords {
  /** The group now receives `org`'s posts. */
  connected(org: string): string;
  invalid: string;
  expired: string;
  /** The link connected another chat already. */
  used: string;
  /** The chat is another organisation's target. */
  taken: string;
  /** Only an administrator of the group may connect it. */
  notAdmin: string;
}

export const CHAT_WORDS: Record<Language, ChatWords> = {
  ru: {
    connected: (org) => `Готово: «${org}» будет публиковать здесь свои сообщения.`,
    invalid: 'Эта ссылка подключения недействительна. Создайте новую в консоли Safenet.',
    expired: 'Срок действия ссылки подключения истёк. Создайте новую в консоли Safenet.',
    used: 'Эта ссылка уже подключила другой чат. Создайте новую в консоли Safenet.',
    taken: 'Этот чат уже подключён к другой организации.',
    notAdmin: 'Подключить чат может только его администратор.',
  },
  kk: {
    connected: (org) => `Дайын: «${org}» осы жерде өз хабарламаларын жариялайды.`,
    invalid: 'Бұл қосу сілтемесі жарамсыз. Safenet консолінде жаңасын жасаңыз.',
    expired: 'Қосу сілтемесінің мерзімі өтіп кетті. Safenet консолінде жаңасын жасаңыз.',
    used: 'Бұл сілтеме басқа чатты қосып қойған. Safenet консолінде жаңасын жасаңыз.',
    taken: 'Бұл чат басқа ұйымға қосылған.',
    notAdmin: 'Чатты тек оның әкімшісі қоса алады.',
  },
  vi: {
    connected: (org) => `Xong: «${org}» sẽ đăng thông báo của mình tại đây.`,
    invalid:
      'Liên kết kết nối này không hợp lệ. Hãy tạo liên kết mới trong bảng điều khiển Safenet.',
    expired: 'Liên kết kết nối đã hết hạn. Hãy tạo liên kết mới trong bảng điều khiển Safenet.',
    used: 'Liên kết này đã kết nối một nhóm khác. Hãy tạo liên kết mới trong bảng điều khiển Safenet.',
    taken: 'Nhóm này đã được kết nối với một tổ chức khác.',
    notAdmin: 'Chỉ quản trị viên của nhóm mới có thể kết nối nhóm.',
  },
  en: {
    connected: (org) => `Done: “${org}” will post its messages here.`,
    invalid: 'This connection link is not valid. Make a new one in the Safenet console.',
    expired: 'This connection link has expired. Make a new one in the Safenet console.',
    used: 'This link has already connected another chat. Make a new one in the Safenet console.',
    taken: 'This chat is already connected to another organisation.',
    notAdmin: 'Only an administrator of this group can connect it.',
  },
};
