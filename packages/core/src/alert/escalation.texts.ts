import { LANGUAGES, type Language, type LocalizedText } from '../locale/language.schema.js';
import { ALERT_CODES, type AlertCode, type AlertSeverity } from './alert.schema.js';

/**
 * The message an escalation step sends (issue 14), written in every language Safenet speaks;
 * each on-call person reads their own: the alert's severity and code title, the hub's message
 * about it (the raiser's words, as the console shows them), and where to acknowledge it.
 */

const TITLES: Record<Exclude<Language, 'en'>, Record<AlertCode, string>> = {
  ru: {
    broadcast_failures:
      'Рассылка завершилась, часть получателей не получила сообщение ни по одному каналу',
    channel_circuit_open:
      'Провайдер не отвечает: его сообщения ждут, пока проверки не покажут, что он вернулся',
    channel_circuit_closed: 'Провайдер снова отвечает: ожидавшие сообщения отправляются',
    channel_disconnected: 'Подключённый телефон отключился: сообщения ждут его возвращения',
    channel_failed: 'Подключённый телефон заблокирован или вышел из сети: подключите его заново',
    plan_item_overdue: 'Ответственная организация пропустила срок пункта плана',
    report_overdue: 'Подведомственные организации не сдали отчёт в срок',
    case_critical: 'Поступило критическое обращение о вредном контенте',
    case_acknowledge_overdue: 'Обращение не разобрано в установленное время',
    case_resolve_overdue: 'Обращение не решено в установленное время',
  },
  kk: {
    broadcast_failures: 'Тарату аяқталды, кейбір алушыларға хабар ешбір арна арқылы жетпеді',
    channel_circuit_open: 'Провайдер жауап бермейді: оның хабарлары ол қайта оралғанша күтеді',
    channel_circuit_closed: 'Провайдер қайта жауап береді: күткен хабарлар жіберілуде',
    channel_disconnected: 'Қосылған телефон ажырады: хабарлар ол қайта қосылғанша күтеді',
    channel_failed: 'Қосылған телефон бұғатталды немесе шықты: оны қайта қосыңыз',
    plan_item_overdue: 'Жауапты ұйым жоспар тармағының мерзімін өткізіп алды',
    report_overdue: 'Бағынышты ұйымдар есепті мерзімінде тапсырмады',
    case_critical: 'Зиянды контент туралы сыни өтініш түсті',
    case_acknowledge_overdue: 'Өтініш белгіленген уақытта қаралмады',
    case_resolve_overdue: 'Өтініш белгіленген уақытта шешілмеді',
  },
  vi: {
    broadcast_failures: 'Một đợt gửi đã xong nhưng có người nhận không nhận được qua kênh nào',
    channel_circuit_open:
      'Một nhà cung cấp đang lỗi: tin nhắn chờ đến khi nhà cung cấp hoạt động lại',
    channel_circuit_closed: 'Nhà cung cấp đã hoạt động lại: các tin nhắn chờ đang được gửi',
    channel_disconnected:
      'Một điện thoại đã ghép nối bị ngắt: tin nhắn chờ đến khi nó sẵn sàng lại',
    channel_failed: 'Một điện thoại đã ghép nối bị chặn hoặc đăng xuất: hãy ghép nối lại',
    plan_item_overdue: 'Một tổ chức phụ trách đã trễ hạn một mục của kế hoạch',
    report_overdue: 'Các tổ chức cấp dưới chưa nộp báo cáo đúng hạn',
    case_critical: 'Có một phản ánh nghiêm trọng về nội dung độc hại',
    case_acknowledge_overdue: 'Chưa ai tiếp nhận phản ánh trong thời hạn',
    case_resolve_overdue: 'Phản ánh chưa được giải quyết trong thời hạn',
  },
};

const SEVERITY: Record<Language, Record<AlertSeverity, string>> = {
  en: { critical: 'Critical alert', warning: 'Alert', info: 'Notice' },
  ru: { critical: 'Критическое оповещение', warning: 'Оповещение', info: 'Уведомление' },
  kk: { critical: 'Сыни ескерту', warning: 'Ескерту', info: 'Хабарлама' },
  vi: { critical: 'Cảnh báo khẩn', warning: 'Cảnh báo', info: 'Thông báo' },
};

const NOBODY: Record<Language, string> = {
  en: 'nobody has acknowledged it yet',
  ru: 'его ещё никто не принял',
  kk: 'оны әлі ешкім қабылдаған жоқ',
  vi: 'chưa có ai xác nhận',
};

const OPEN_AT: Record<Language, string> = {
  en: 'Acknowledge it here',
  ru: 'Примите его здесь',
  kk: 'Мұнда қабылдаңыз',
  vi: 'Xác nhận tại đây',
};

/** An alert as an escalation names it. */
export interface EscalatedAlert {
  code: AlertCode;
  severity: AlertSeverity;
  message: string;
  /** The alert's page in the console. */
  url: string;
}

/** The title of an alert code in `language`. */
export function alertTitle(code: AlertCode, language: Language): string {
  return language === 'en' ? ALERT_CODES[code].title : TITLES[language][code];
}

/** An escalation step's message in every language. */
export function escalationAlertText(alert: EscalatedAlert): LocalizedText {
  const text: LocalizedText = {};
  for (const language of LANGUAGES) {
    text[language] =
      `${SEVERITY[language][alert.severity]} (${NOBODY[language]}): ${alertTitle(alert.code, language)}.\n` +
      `${alert.message}\n${OPEN_AT[language]}: ${alert.url}`;
  }
  return text;
}
