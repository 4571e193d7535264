import type { CaseCategory, CasePlatform, Language, ReporterStatus } from '@safenet/core';

/**
 * What the bot says, in the four languages of the programmes: short and plain, for a teacher
 * on a phone. Hotline numbers are only the published ones (Vietnam's 111, Đắk Lắk's
 * 02623.951.567); no number is invented for the others.
 */
export interface IntakeWords {
  /** The button that picks this language. */
  languageName: string;
  chooseLanguage: string;
  welcome: string;
  askLinks: string;
  noLink: string;
  tooManyLinks(max: number): string;
  /** Any file (photo, video, voice, document, sticker): never taken. */
  fileRefused: string;
  askCategory: string;
  askPlatform: string;
  askDescription: string;
  descriptionTooLong(max: number): string;
  askFeedback: string;
  yes: string;
  no: string;
  summary(d: {
    links: string[];
    category: string;
    platform: string;
    description: string;
    feedback: boolean;
  }): string;
  send: string;
  cancel: string;
  cancelled: string;
  sent(reference: string): string;
  sendFailed: string;
  pressButton: string;
  nothingToCancel: string;
  statusUsage: string;
  statusUnknown: string;
  status(reference: string, state: string): string;
  statusChanged(reference: string, state: string): string;
  /** After /forget: how many reports no longer carry who sent them. */
  forgotten(reports: number): string;
  states: Record<ReporterStatus, string>;
  categories: Record<CaseCategory, string>;
  platforms: Record<CasePlatform, string>;
}

const PLATFORM_NAMES = {
  tiktok: 'TikTok',
  instagram: 'Instagram',
  youtube: 'YouTube',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  facebook: 'Facebook',
  vk: 'VK',
  zalo: 'Zalo',
} as const;

const kk: IntakeWords = {
  languageName: 'Қазақша',
  chooseLanguage: 'Тілді таңдаңыз / Выберите язык / Chọn ngôn ngữ / Choose a language',
  welcome:
    'Сәлеметсіз бе! Бұл бот балаларға зиянды контент туралы хабарламаларды қабылдайды: төбелес, қорлау, мұғалімнің әдепсіз әрекеті және т.б.\n\n' +
    '• Тек сілтеме жіберіңіз: фото, видео мен файлдар қабылданбайды.\n' +
    '• Біз сілтемелерді ашпаймыз, оларды мамандар ғана көреді.\n' +
    '• Хабарлама жасырын: атыңыз бен нөміріңіз сақталмайды.\n\n' +
    'Тоқтату үшін — /cancel, тілді ауыстыру үшін — /language.',
  askLinks: 'Контентке сілтеме(лер)ді бір хабарламамен жіберіңіз.',
  noLink: 'Бұл хабарламада сілтеме жоқ. https://… деп басталатын сілтеме жіберіңіз.',
  tooManyLinks: (max) => `Бір хабарламада ${max} сілтемеден аспасын.`,
  fileRefused: 'Файлдарды қабылдамаймыз және сақтамаймыз. Оның орнына контентке сілтеме жіберіңіз.',
  askCategory: 'Онда не көрсетілген?',
  askPlatform: 'Оны қай жерде көрдіңіз?',
  askDescription:
    'Қысқаша сипаттаңыз: не болды, қай мектеп немесе аймақ (балалардың атын жазбаңыз).',
  descriptionTooLong: (max) => `Сипаттама тым ұзын: ${max} таңбадан аспасын.`,
  askFeedback: 'Хабарламаңыздың күйі туралы осында хабар алғыңыз келе ме?',
  yes: 'Иә',
  no: 'Жоқ',
  summary: (d) =>
    `Тексеріңіз:\nСілтемелер: ${d.links.join(' ')}\nСанат: ${d.category}\nҚай жерде: ${d.platform}\n` +
    `Сипаттама: ${d.description}\nКүйі туралы хабар: ${d.feedback ? 'иә' : 'жоқ'}`,
  send: 'Жіберу',
  cancel: 'Болдырмау',
  cancelled: 'Болдырылмады. Жаңа хабарлама үшін — /start.',
  sent: (reference) =>
    `Рақмет! Хабарламаңыз қабылданды. Нөмірі: ${reference}\nКүйін білу үшін: /status ${reference}`,
  sendFailed: 'Хабарламаны жіберу мүмкін болмады. Кейінірек қайталап көріңіз.',
  pressButton: 'Төмендегі батырмалардың бірін басыңыз.',
  nothingToCancel: 'Болдыратын ештеңе жоқ. Жаңа хабарлама үшін — /start.',
  statusUsage: 'Нөмірді жазыңыз: /status R-2026-000042',
  statusUnknown: 'Мұндай нөмірлі хабарлама табылмады.',
  status: (reference, state) => `${reference} хабарламасы: ${state}.`,
  statusChanged: (reference, state) => `${reference} хабарламаңыздың күйі өзгерді: ${state}.`,
  forgotten: (n) =>
    n === 0
      ? 'Сізден сақталған дерек жоқ. Жоба болса, ол жойылды.'
      : `Дайын: ${n} хабарламадан сіздің деректеріңіз жойылды. Хабарламалар мамандарда атыңызсыз қалады, күй туралы хабар енді келмейді.`,
  states: {
    received: 'қабылданды',
    in_progress: 'қаралуда',
    referred: 'тиісті органға жіберілді',
    resolved: 'шешілді',
    rejected: 'қабылданбады',
  },
  categories: {
    violence: 'Төбелес, зорлық',
    bullying: 'Қорлау, буллинг',
    staff_misconduct: 'Мектеп қызметкерінің әдепсіз әрекеті',
    grooming: 'Балаға жыныстық ниетпен жақындау',
    self_harm: 'Өзіне зиян келтіру',
    sexual_content: 'Кәмелетке толмағанның қатысуымен жыныстық контент',
    other: 'Басқа',
  },
  platforms: { ...PLATFORM_NAMES, website: 'Сайт', other: 'Басқа' },
};

const ru: IntakeWords = {
  languageName: 'Русский',
  chooseLanguage: kk.chooseLanguage,
  welcome:
    'Здравствуйте! Этот бот принимает сообщения о вредном для детей контенте: драки, травля, неэтичное поведение учителя и другое.\n\n' +
    '• Присылайте только ссылки: фото, видео и файлы не принимаются.\n' +
    '• Мы не открываем ссылки, их видят только специалисты.\n' +
    '• Сообщение анонимное: ваше имя и номер не сохраняются.\n\n' +
    'Отменить — /cancel, сменить язык — /language.',
  askLinks: 'Пришлите ссылку (или несколько) на контент одним сообщением.',
  noLink: 'В этом сообщении нет ссылки. Пришлите ссылку, начинающуюся с https://…',
  tooManyLinks: (max) => `Не больше ${max} ссылок в одном сообщении.`,
  fileRefused: 'Мы не принимаем и не храним файлы. Пришлите, пожалуйста, ссылку на контент.',
  askCategory: 'Что там показано?',
  askPlatform: 'Где вы это видели?',
  askDescription: 'Кратко опишите: что произошло, какая школа или регион (не пишите имена детей).',
  descriptionTooLong: (max) => `Описание слишком длинное: не больше ${max} символов.`,
  askFeedback: 'Сообщать вам здесь о статусе обращения?',
  yes: 'Да',
  no: 'Нет',
  summary: (d) =>
    `Проверьте:\nСсылки: ${d.links.join(' ')}\nКатегория: ${d.category}\nГде: ${d.platform}\n` +
    `Описание: ${d.description}\nСообщать о статусе: ${d.feedback ? 'да' : 'нет'}`,
  send: 'Отправить',
  cancel: 'Отменить',
  cancelled: 'Отменено. Новое сообщение — /start.',
  sent: (reference) =>
    `Спасибо! Сообщение принято. Номер: ${reference}\nУзнать статус: /status ${reference}`,
  sendFailed: 'Не удалось отправить сообщение. Попробуйте позже.',
  pressButton: 'Нажмите одну из кнопок ниже.',
  nothingToCancel: 'Отменять нечего. Новое сообщение — /start.',
  statusUsage: 'Укажите номер: /status R-2026-000042',
  statusUnknown: 'Сообщение с таким номером не найдено.',
  status: (reference, state) => `Сообщение ${reference}: ${state}.`,
  statusChanged: (reference, state) => `Статус вашего сообщения ${reference} изменился: ${state}.`,
  forgotten: (n) =>
    n === 0
      ? 'О вас ничего не хранится. Черновик, если был, удалён.'
      : `Готово: ваши данные удалены из ${n} сообщ. Сами сообщения остаются у специалистов без указания на вас; статусы больше не придут.`,
  states: {
    received: 'получено',
    in_progress: 'в работе',
    referred: 'передано в компетентный орган',
    resolved: 'решено',
    rejected: 'отклонено',
  },
  categories: {
    violence: 'Драка, насилие',
    bullying: 'Травля, буллинг',
    staff_misconduct: 'Неэтичное поведение сотрудника школы',
    grooming: 'Груминг (сексуальные домогательства к ребёнку)',
    self_harm: 'Самоповреждение',
    sexual_content: 'Сексуальный контент с участием несовершеннолетних',
    other: 'Другое',
  },
  platforms: { ...PLATFORM_NAMES, vk: 'ВКонтакте', website: 'Сайт', other: 'Другое' },
};

const vi: IntakeWords = {
  languageName: 'Tiếng Việt',
  chooseLanguage: kk.chooseLanguage,
  welcome:
    'Xin chào! Bot này tiếp nhận phản ánh về nội dung có hại cho trẻ em: đánh nhau, bắt nạt, hành vi sai trái của giáo viên và các nội dung khác.\n\n' +
    '• Chỉ gửi đường link: không nhận ảnh, video hay tệp.\n' +
    '• Chúng tôi không mở các đường link; chỉ cán bộ chuyên trách xem.\n' +
    '• Phản ánh được ẩn danh: không lưu tên hay số điện thoại của bạn.\n\n' +
    'Nếu trẻ đang gặp nguy hiểm, hãy gọi Tổng đài quốc gia bảo vệ trẻ em 111.\n' +
    'Huỷ — /cancel, đổi ngôn ngữ — /language.',
  askLinks: 'Gửi một hoặc nhiều đường link đến nội dung trong một tin nhắn.',
  noLink: 'Tin nhắn này không có đường link. Hãy gửi link bắt đầu bằng https://…',
  tooManyLinks: (max) => `Tối đa ${max} đường link trong một phản ánh.`,
  fileRefused: 'Chúng tôi không nhận và không lưu tệp. Vui lòng gửi đường link đến nội dung.',
  askCategory: 'Nội dung đó là gì?',
  askPlatform: 'Bạn thấy nó ở đâu?',
  askDescription: 'Mô tả ngắn: chuyện gì xảy ra, trường hoặc địa phương nào (không ghi tên trẻ).',
  descriptionTooLong: (max) => `Mô tả quá dài: tối đa ${max} ký tự.`,
  askFeedback: 'Bạn có muốn nhận thông báo về tình trạng phản ánh tại đây không?',
  yes: 'Có',
  no: 'Không',
  summary: (d) =>
    `Kiểm tra lại:\nĐường link: ${d.links.join(' ')}\nLoại: ${d.category}\nỞ đâu: ${d.platform}\n` +
    `Mô tả: ${d.description}\nNhận thông báo: ${d.feedback ? 'có' : 'không'}`,
  send: 'Gửi',
  cancel: 'Huỷ',
  cancelled: 'Đã huỷ. Phản ánh mới — /start.',
  sent: (reference) =>
    `Cảm ơn bạn! Phản ánh đã được tiếp nhận. Mã số: ${reference}\nXem tình trạng: /status ${reference}`,
  sendFailed: 'Không gửi được phản ánh. Vui lòng thử lại sau.',
  pressButton: 'Hãy bấm một trong các nút bên dưới.',
  nothingToCancel: 'Không có gì để huỷ. Phản ánh mới — /start.',
  statusUsage: 'Ghi mã số: /status R-2026-000042',
  statusUnknown: 'Không tìm thấy phản ánh với mã số này.',
  status: (reference, state) => `Phản ánh ${reference}: ${state}.`,
  statusChanged: (reference, state) =>
    `Tình trạng phản ánh ${reference} của bạn đã thay đổi: ${state}.`,
  forgotten: (n) =>
    n === 0
      ? 'Không có dữ liệu nào về bạn được lưu. Bản nháp (nếu có) đã bị xoá.'
      : `Xong: dữ liệu của bạn đã được xoá khỏi ${n} báo cáo. Báo cáo vẫn được chuyên viên xử lý nhưng không còn gắn với bạn; bạn sẽ không nhận thông báo trạng thái nữa.`,
  states: {
    received: 'đã tiếp nhận',
    in_progress: 'đang xử lý',
    referred: 'đã chuyển cơ quan có thẩm quyền',
    resolved: 'đã giải quyết',
    rejected: 'không được chấp nhận',
  },
  categories: {
    violence: 'Đánh nhau, bạo lực',
    bullying: 'Bắt nạt',
    staff_misconduct: 'Hành vi sai trái của cán bộ, giáo viên',
    grooming: 'Dụ dỗ trẻ em (grooming)',
    self_harm: 'Tự gây hại',
    sexual_content: 'Nội dung tình dục liên quan đến trẻ vị thành niên',
    other: 'Khác',
  },
  platforms: { ...PLATFORM_NAMES, website: 'Trang web', other: 'Khác' },
};

const en: IntakeWords = {
  languageName: 'English',
  chooseLanguage: kk.chooseLanguage,
  welcome:
    'Hello! This bot takes reports of content harmful to children: fights, bullying, a teacher’s misconduct and more.\n\n' +
    '• Send links only: photos, videos and files are not taken.\n' +
    '• We never open the links; only specialists see them.\n' +
    '• Your report is anonymous: your name and number are not kept.\n\n' +
    'Stop at any time with /cancel; change the language with /language.',
  askLinks: 'Send the link (or links) to the content in one message.',
  noLink: 'There is no link in this message. Send a link starting with https://…',
  tooManyLinks: (max) => `At most ${max} links in one report.`,
  fileRefused: 'We do not take or keep files. Please send a link to the content instead.',
  askCategory: 'What does it show?',
  askPlatform: 'Where did you see it?',
  askDescription:
    'Describe it briefly: what happened, which school or region (no children’s names, please).',
  descriptionTooLong: (max) => `The description is too long: ${max} characters at most.`,
  askFeedback: 'Would you like to hear about your report’s status here?',
  yes: 'Yes',
  no: 'No',
  summary: (d) =>
    `Please check:\nLinks: ${d.links.join(' ')}\nCategory: ${d.category}\nWhere: ${d.platform}\n` +
    `Description: ${d.description}\nStatus updates: ${d.feedback ? 'yes' : 'no'}`,
  send: 'Send',
  cancel: 'Cancel',
  cancelled: 'Cancelled. For a new report: /start.',
  sent: (reference) =>
    `Thank you! Your report was received. Reference: ${reference}\nTo check it: /status ${reference}`,
  sendFailed: 'The report could not be sent. Please try again later.',
  pressButton: 'Please press one of the buttons below.',
  nothingToCancel: 'Nothing to cancel. For a new report: /start.',
  statusUsage: 'Give the reference: /status R-2026-000042',
  statusUnknown: 'No report with this reference was found.',
  status: (reference, state) => `Report ${reference}: ${state}.`,
  statusChanged: (reference, state) => `Your report ${reference} has a new status: ${state}.`,
  forgotten: (n) =>
    n === 0
      ? 'Nothing about you is kept. A draft, if there was one, is deleted.'
      : `Done: your details are removed from ${n} report(s). The reports stay with the specialists without anything that points to you; no more status messages will come.`,
  states: {
    received: 'received',
    in_progress: 'in progress',
    referred: 'referred to the competent body',
    resolved: 'resolved',
    rejected: 'rejected',
  },
  categories: {
    violence: 'Fight, violence',
    bullying: 'Bullying',
    staff_misconduct: 'Misconduct of a school staff member',
    grooming: 'Grooming',
    self_harm: 'Self-harm',
    sexual_content: 'Sexual content involving a minor',
    other: 'Other',
  },
  platforms: { ...PLATFORM_NAMES, website: 'Website', other: 'Other' },
};

/** The bot's words in each language. */
export const INTAKE_WORDS: Record<Language, IntakeWords> = { ru, kk, vi, en };

/** The language a Telegram `language_code` names (`kk`, `ru-RU`…), or undefined for others. */
export function languageOfCode(code: string | undefined): Language | undefined {
  const base = code?.toLowerCase().split('-')[0];
  return base !== undefined && base in INTAKE_WORDS ? (base as Language) : undefined;
}
