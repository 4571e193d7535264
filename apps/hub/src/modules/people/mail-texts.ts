import type { Language } from '@safenet/core';

/** A transactional email's subject and text, before the link is put in. */
interface Text {
  subject: string;
  body: (link: string, hours: number) => string;
}

/**
 * The invitation email, per language. `{org}` is the organisation's name; the link and how
 * long it lasts follow. Plain text: one link, nothing to track.
 */
const INVITATION: Record<
  Language,
  { subject: string; body: (org: string, link: string, days: number) => string }
> = {
  ru: {
    subject: 'Приглашение в Safenet',
    body: (org, link, days) =>
      `Вас пригласили в Safenet — организация «${org}».\n\nЧтобы принять приглашение, укажите имя и пароль по ссылке (она действует ${days} дн.):\n${link}\n\nЕсли вы не ждали этого письма, просто не отвечайте на него.`,
  },
  kk: {
    subject: 'Safenet-ке шақыру',
    body: (org, link, days) =>
      `Сізді Safenet жүйесіне шақырды — «${org}» ұйымы.\n\nШақыруды қабылдау үшін сілтеме бойынша атыңыз бен құпиясөзді енгізіңіз (сілтеме ${days} күн жарамды):\n${link}\n\nЕгер бұл хатты күтпесеңіз, оған жауап бермеңіз.`,
  },
  vi: {
    subject: 'Lời mời tham gia Safenet',
    body: (org, link, days) =>
      `Bạn được mời tham gia Safenet — đơn vị "${org}".\n\nĐể nhận lời mời, hãy đặt tên và mật khẩu tại liên kết sau (có hiệu lực ${days} ngày):\n${link}\n\nNếu bạn không mong đợi thư này, hãy bỏ qua nó.`,
  },
  en: {
    subject: 'Your invitation to Safenet',
    body: (org, link, days) =>
      `You have been invited to Safenet, for ${org}.\n\nTo accept, set your name and password at this link (valid for ${days === 1 ? 'one day' : `${days} days`}):\n${link}\n\nIf you did not expect this email, you can ignore it.`,
  },
};

/** The password reset email, per language. */
const RESET: Record<Language, Text> = {
  ru: {
    subject: 'Сброс пароля Safenet',
    body: (link, hours) =>
      `Кто-то запросил сброс пароля вашей учётной записи Safenet.\n\nЧтобы задать новый пароль, откройте ссылку (она действует ${hours} ч и только один раз):\n${link}\n\nЕсли это были не вы, ничего не делайте: пароль останется прежним.`,
  },
  kk: {
    subject: 'Safenet құпиясөзін қалпына келтіру',
    body: (link, hours) =>
      `Біреу сіздің Safenet тіркелгіңіздің құпиясөзін қалпына келтіруді сұрады.\n\nЖаңа құпиясөз орнату үшін сілтемені ашыңыз (ол ${hours} сағат және бір рет қана жарамды):\n${link}\n\nЕгер бұл сіз болмасаңыз, ештеңе істемеңіз: құпиясөз өзгермейді.`,
  },
  vi: {
    subject: 'Đặt lại mật khẩu Safenet',
    body: (link, hours) =>
      `Có người đã yêu cầu đặt lại mật khẩu tài khoản Safenet của bạn.\n\nĐể đặt mật khẩu mới, hãy mở liên kết (có hiệu lực ${hours} giờ và chỉ dùng được một lần):\n${link}\n\nNếu không phải bạn, đừng làm gì cả: mật khẩu sẽ giữ nguyên.`,
  },
  en: {
    subject: 'Reset your Safenet password',
    body: (link, hours) =>
      `Someone asked to reset the password of your Safenet account.\n\nTo choose a new password, open this link (valid for ${hours === 1 ? 'one hour' : `${hours} hours`}, once):\n${link}\n\nIf it was not you, do nothing: your password stays as it is.`,
  },
};

/** The invitation email in `language`. */
export function invitationEmail(
  language: Language,
  orgName: string,
  link: string,
  validMs: number,
): { subject: string; body: string } {
  const text = INVITATION[language];
  return { subject: text.subject, body: text.body(orgName, link, roundUp(validMs / DAY)) };
}

/** The password reset email in `language`. */
export function passwordResetEmail(
  language: Language,
  link: string,
  validMs: number,
): { subject: string; body: string } {
  const text = RESET[language];
  return { subject: text.subject, body: text.body(link, roundUp(validMs / HOUR)) };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Whole units, at least one, with one decimal for less than ten (1.5 days). */
function roundUp(units: number): number {
  return units >= 10 ? Math.ceil(units) : Math.max(1, Math.round(units * 10) / 10);
}
