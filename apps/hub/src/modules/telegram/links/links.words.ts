import type { Language } from '@safenet/core';

/**
 * What the bot says about deep links and /stop, in the four languages of the programmes:
 * short and plain, for a parent on a phone. A confirmation and /stop's answer are in the
 * contact's language (the school's record of them); a refusal, to someone the hub does not
 * know yet, in their Telegram's language.
 */
export interface LinkWords {
  /** The link bound this chat: messages of `org` come here; /stop ends them. */
  linked(org: string): string;
  /** A token the hub did not sign, or whose link is gone (erased with its contact). */
  invalid: string;
  expired: string;
  /** Opened already, by another chat. */
  used: string;
  stopped: string;
  /** /stop from a chat no contact has as its address. */
  notLinked: string;
  /** A plain /start, or any message, to a bot that only delivers (no intake). */
  about: string;
}

export const LINK_WORDS: Record<Language, LinkWords> = {
  ru: {
    linked: (org) =>
      `Готово: сообщения от «${org}» будут приходить в этот чат.\n\nЧтобы отписаться, отправьте /stop.`,
    invalid:
      'Эта ссылка недействительна. Откройте присланную ссылку ещё раз, целиком, или попросите новую.',
    expired:
      'Срок действия этой ссылки истёк. Попросите новую у школы или организации, которая её прислала.',
    used: 'Эта ссылка уже использована в другом чате. Попросите новую у школы или организации, которая её прислала.',
    stopped:
      'Вы отписались: сообщения сюда больше не придут. Чтобы снова их получать, откройте свою ссылку ещё раз.',
    notLinked: 'Этот чат не подписан на сообщения, отписываться не от чего.',
    about:
      'Этот бот присылает сообщения школ и органов образования о безопасности детей в интернете. Чтобы получать их, откройте личную ссылку, которую вам прислала школа.',
  },
  kk: {
    linked: (org) =>
      `Дайын: «${org}» хабарламалары осы чатқа келеді.\n\nЖазылымнан бас тарту үшін /stop жіберіңіз.`,
    invalid:
      'Бұл сілтеме жарамсыз. Сізге жіберілген сілтемені толығымен қайта ашыңыз немесе жаңасын сұраңыз.',
    expired:
      'Бұл сілтеменің мерзімі өтіп кетті. Оны жіберген мектептен немесе ұйымнан жаңа сілтеме сұраңыз.',
    used: 'Бұл сілтеме басқа чатта қолданылған. Оны жіберген мектептен немесе ұйымнан жаңа сілтеме сұраңыз.',
    stopped:
      'Жазылымнан бас тарттыңыз: бұдан былай мұнда хабарлама келмейді. Қайта алу үшін сілтемеңізді тағы бір рет ашыңыз.',
    notLinked: 'Бұл чат хабарламаларға жазылмаған, тоқтататын ештеңе жоқ.',
    about:
      'Бұл бот мектептер мен білім басқармаларының балалардың интернеттегі қауіпсіздігі туралы хабарламаларын жібереді. Оларды алу үшін мектеп сізге жіберген жеке сілтемені ашыңыз.',
  },
  vi: {
    linked: (org) =>
      `Xong: tin nhắn của “${org}” sẽ được gửi đến cuộc trò chuyện này.\n\nĐể ngừng nhận, hãy gửi /stop.`,
    invalid:
      'Đường liên kết này không hợp lệ. Hãy mở lại đầy đủ đường liên kết đã được gửi cho bạn, hoặc xin một đường liên kết mới.',
    expired:
      'Đường liên kết này đã hết hạn. Hãy xin đường liên kết mới từ nhà trường hoặc đơn vị đã gửi cho bạn.',
    used: 'Đường liên kết này đã được dùng trong một cuộc trò chuyện khác. Hãy xin đường liên kết mới từ nhà trường hoặc đơn vị đã gửi cho bạn.',
    stopped:
      'Bạn đã ngừng nhận tin: từ nay sẽ không còn tin nhắn nào gửi đến đây. Muốn nhận lại, hãy mở lại đường liên kết của bạn.',
    notLinked: 'Cuộc trò chuyện này chưa đăng ký nhận tin nên không có gì để ngừng.',
    about:
      'Bot này gửi thông báo của nhà trường và cơ quan giáo dục về an toàn của trẻ em trên mạng. Để nhận tin, hãy mở đường liên kết riêng mà nhà trường đã gửi cho bạn.',
  },
  en: {
    linked: (org) =>
      `Done: messages from “${org}” will come to this chat.\n\nTo stop them, send /stop.`,
    invalid:
      'This link is not valid. Open the link you were sent again, in full, or ask for a new one.',
    expired: 'This link has expired. Ask the school or organisation that sent it for a new one.',
    used: 'This link has already been used in another chat. Ask the school or organisation that sent it for a new one.',
    stopped:
      'You have unsubscribed: no more messages will come here. To get them again, open your link once more.',
    notLinked: 'This chat is not subscribed to any messages, so there is nothing to stop.',
    about:
      'This bot sends messages from schools and education authorities about children’s safety online. To receive them, open the personal link your school sent you.',
  },
};
