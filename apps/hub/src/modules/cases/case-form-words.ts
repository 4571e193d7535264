import type { CaseCategory, CasePlatform, Language } from '@safenet/core';
import type { FormRefusal } from './case-form-guard.js';

/**
 * The words of the public report form in one language. Every message a reporter reads is
 * here — never the API's English — including what is wrong with each field.
 */
export interface CaseFormWords {
  title: string;
  intro: string;
  noFiles: string;
  neverOpened: string;
  required: string;
  optional: string;
  links: { label: string; help: string };
  category: string;
  categories: Record<CaseCategory, string>;
  platform: string;
  platformChoose: string;
  platforms: Record<CasePlatform, string>;
  description: { label: string; help: string };
  place: { label: string; help: string };
  contact: { label: string; help: string };
  honeypot: string;
  submit: string;
  errorsHeading: string;
  problems: {
    linksMissing: string;
    /** A line that is not a web link (`scheme`: it is, but not http/https). */
    badLine(line: number, scheme: boolean): string;
    tooManyLinks(max: number): string;
    category: string;
    platform: string;
    descriptionMissing: string;
    tooLong(max: number): string;
    contact: string;
    rejected: string;
  };
  hotlines: { heading: string; lines: string[] } | null;
  thanksTitle: string;
  thanks: string;
  reference: string;
  keepReference: string;
  refusalTitle: string;
  refusals: Record<FormRefusal, string>;
  again: string;
  notFoundTitle: string;
  notFound: string;
}

/** The brand names are the platforms' own; only "website" and "other" are translated. */
const platformsWith = (
  website: string,
  other: string,
  vk: string,
): Record<CasePlatform, string> => ({
  tiktok: 'TikTok',
  instagram: 'Instagram',
  youtube: 'YouTube',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  facebook: 'Facebook',
  vk,
  zalo: 'Zalo',
  website,
  other,
});

export const CASE_FORM_WORDS: Readonly<Record<Language, CaseFormWords>> = {
  en: {
    title: 'Report harmful content about children',
    intro:
      'Seen a video, post or page that harms a child — a fight, bullying, a staff member’s misconduct? Send us the link: specialists will look at it and act.',
    noFiles:
      'Send links and words only: files, photos and videos are not accepted here. Do not download or forward the content itself.',
    neverOpened: 'We never open or preview the links you send; specialists review them.',
    required: 'required',
    optional: 'optional',
    links: {
      label: 'Links to the content',
      help: 'One link per line, for example https://www.tiktok.com/@name/video/123',
    },
    category: 'What does it show?',
    categories: {
      violence: 'A fight or violence',
      bullying: 'Bullying',
      staff_misconduct: 'Misconduct of a teacher or other staff member',
      grooming: 'An adult trying to win a child’s trust for abuse (grooming)',
      self_harm: 'Self-harm or suicide',
      sexual_content: 'Sexual content involving a minor',
      other: 'Something else',
    },
    platform: 'Where did you see it?',
    platformChoose: 'Choose…',
    platforms: platformsWith('A website', 'Elsewhere', 'VK'),
    description: {
      label: 'What happened?',
      help: 'Describe what the content shows. Do not write children’s names.',
    },
    place: {
      label: 'Where did it happen?',
      help: 'A town, district or school, if you know it.',
    },
    contact: {
      label: 'Your email or phone',
      help: 'You may leave this empty and stay anonymous. If you give it, it is used only to tell you what was done or to ask you a question about this report.',
    },
    honeypot: 'Leave this field empty',
    submit: 'Send the report',
    errorsHeading: 'Please check the report',
    problems: {
      linksMissing: 'Give at least one link to the content.',
      badLine: (n, scheme) =>
        scheme
          ? `Line ${n} is not a web link: give an address starting with http or https.`
          : `Line ${n} is not a web link: copy the address of the page (like example.com/page).`,
      tooManyLinks: (n) => `Give at most ${n} links in one report.`,
      category: 'Choose what the content shows.',
      platform: 'Choose where you saw it.',
      descriptionMissing: 'Describe what the content shows.',
      tooLong: (n) => `Write at most ${n} characters.`,
      contact: 'Give a valid email address or phone number, or leave this empty.',
      rejected: 'The report could not be accepted. Check it and send it again.',
    },
    hotlines: {
      heading: 'If a child needs help now',
      lines: [
        'Vietnam: national child protection hotline 111',
        'Đắk Lắk province hotline: 02623.951.567',
      ],
    },
    thanksTitle: 'Thank you: your report was received',
    thanks: 'Specialists will review it.',
    reference: 'Your reference number',
    keepReference: 'Keep this number: quote it if you contact us about this report.',
    refusalTitle: 'The report was not sent',
    refusals: {
      rate_limited: 'Too many reports were sent from your connection. Wait a minute and try again.',
      form_token_invalid: 'This form is not valid any more. Open the form again and fill it in.',
      form_token_early: 'The form was sent too quickly. Go back, check it and send it again.',
      form_token_expired: 'The form was open too long. Open it again and fill it in.',
      form_token_used: 'This form was already sent. Open the form again to send another report.',
      form_honeypot: 'The report could not be accepted.',
    },
    again: 'Open the form again',
    notFoundTitle: 'Form not found',
    notFound: 'There is no report form at this address. Check the address you were given.',
  },
  ru: {
    title: 'Сообщить о вредном контенте о детях',
    intro:
      'Увидели видео, пост или страницу, которые вредят ребёнку: драку, травлю, неэтичное поведение педагога? Пришлите ссылку — специалисты её рассмотрят и примут меры.',
    noFiles:
      'Присылайте только ссылки и текст: файлы, фото и видео здесь не принимаются. Не скачивайте и не пересылайте сам контент.',
    neverOpened:
      'Мы не открываем присланные ссылки и не показываем их превью: их рассматривают специалисты.',
    required: 'обязательно',
    optional: 'необязательно',
    links: {
      label: 'Ссылки на контент',
      help: 'По одной ссылке в строке, например https://www.tiktok.com/@name/video/123',
    },
    category: 'Что на нём?',
    categories: {
      violence: 'Драка или насилие',
      bullying: 'Травля (буллинг)',
      staff_misconduct: 'Неэтичное поведение педагога или другого сотрудника',
      grooming: 'Взрослый втирается в доверие к ребёнку (груминг)',
      self_harm: 'Самоповреждение или суицид',
      sexual_content: 'Сексуальный контент с участием несовершеннолетнего',
      other: 'Другое',
    },
    platform: 'Где вы это увидели?',
    platformChoose: 'Выберите…',
    platforms: platformsWith('Сайт', 'В другом месте', 'ВКонтакте'),
    description: {
      label: 'Что произошло?',
      help: 'Опишите, что показано. Не пишите имена детей.',
    },
    place: {
      label: 'Где это произошло?',
      help: 'Город, район или школа, если знаете.',
    },
    contact: {
      label: 'Ваш e-mail или телефон',
      help: 'Можно не указывать и остаться анонимным. Если укажете, контакт используется только чтобы сообщить вам, что сделано, или задать вопрос по этому сообщению.',
    },
    honeypot: 'Оставьте это поле пустым',
    submit: 'Отправить сообщение',
    errorsHeading: 'Проверьте сообщение',
    problems: {
      linksMissing: 'Укажите хотя бы одну ссылку на контент.',
      badLine: (n, scheme) =>
        scheme
          ? `Строка ${n} — не ссылка на веб-страницу: нужен адрес, начинающийся с http или https.`
          : `Строка ${n} — не ссылка: скопируйте адрес страницы (например, example.com/page).`,
      tooManyLinks: (n) => `Не больше ${n} ссылок в одном сообщении.`,
      category: 'Выберите, что показано.',
      platform: 'Выберите, где вы это увидели.',
      descriptionMissing: 'Опишите, что показано.',
      tooLong: (n) => `Не больше ${n} символов.`,
      contact: 'Укажите правильный e-mail или номер телефона или оставьте поле пустым.',
      rejected: 'Сообщение не удалось принять. Проверьте его и отправьте снова.',
    },
    hotlines: null,
    thanksTitle: 'Спасибо: ваше сообщение получено',
    thanks: 'Специалисты его рассмотрят.',
    reference: 'Номер вашего сообщения',
    keepReference: 'Сохраните этот номер: назовите его, если будете обращаться по этому сообщению.',
    refusalTitle: 'Сообщение не отправлено',
    refusals: {
      rate_limited:
        'С вашего подключения отправлено слишком много сообщений. Подождите минуту и попробуйте снова.',
      form_token_invalid: 'Эта форма больше не действует. Откройте форму заново и заполните её.',
      form_token_early:
        'Форма отправлена слишком быстро. Вернитесь, проверьте её и отправьте снова.',
      form_token_expired: 'Форма была открыта слишком долго. Откройте её заново и заполните.',
      form_token_used: 'Эта форма уже отправлена. Чтобы сообщить о другом, откройте форму заново.',
      form_honeypot: 'Сообщение не удалось принять.',
    },
    again: 'Открыть форму заново',
    notFoundTitle: 'Форма не найдена',
    notFound: 'По этому адресу нет формы для сообщений. Проверьте адрес, который вам дали.',
  },
  kk: {
    title: 'Балаларға зиян контент туралы хабарлау',
    intro:
      'Балаға зиян келтіретін бейне, жазба немесе парақша көрдіңіз бе: төбелес, қорлау, педагогтің әдепсіз әрекеті? Сілтемесін жіберіңіз — мамандар қарап, шара қолданады.',
    noFiles:
      'Тек сілтемелер мен мәтін жіберіңіз: файлдар, фото және бейнелер мұнда қабылданбайды. Контенттің өзін жүктемеңіз және таратпаңыз.',
    neverOpened:
      'Жіберілген сілтемелерді біз ашпаймыз және алдын ала көрсетпейміз: оларды мамандар қарайды.',
    required: 'міндетті',
    optional: 'міндетті емес',
    links: {
      label: 'Контентке сілтемелер',
      help: 'Әр жолға бір сілтеме, мысалы https://www.tiktok.com/@name/video/123',
    },
    category: 'Онда не көрсетілген?',
    categories: {
      violence: 'Төбелес немесе зорлық',
      bullying: 'Қорлау (буллинг)',
      staff_misconduct: 'Педагогтің немесе басқа қызметкердің әдепсіз әрекеті',
      grooming: 'Ересек адамның балаға сенім арттыруы (груминг)',
      self_harm: 'Өзіне зиян келтіру немесе суицид',
      sexual_content: 'Кәмелетке толмағанның қатысуымен жыныстық контент',
      other: 'Басқа',
    },
    platform: 'Мұны қайдан көрдіңіз?',
    platformChoose: 'Таңдаңыз…',
    platforms: platformsWith('Сайт', 'Басқа жерде', 'ВКонтакте'),
    description: {
      label: 'Не болды?',
      help: 'Не көрсетілгенін сипаттаңыз. Балалардың аттарын жазбаңыз.',
    },
    place: {
      label: 'Бұл қай жерде болды?',
      help: 'Білсеңіз, қала, аудан немесе мектеп.',
    },
    contact: {
      label: 'Сіздің e-mail немесе телефоныңыз',
      help: 'Толтырмай, анонимді қалуға болады. Көрсетсеңіз, байланыс тек не істелгенін хабарлау немесе осы хабарлама бойынша сұрақ қою үшін пайдаланылады.',
    },
    honeypot: 'Бұл өрісті бос қалдырыңыз',
    submit: 'Хабарламаны жіберу',
    errorsHeading: 'Хабарламаны тексеріңіз',
    problems: {
      linksMissing: 'Контентке кемінде бір сілтеме көрсетіңіз.',
      badLine: (n, scheme) =>
        scheme
          ? `${n}-жол веб-сілтеме емес: http немесе https-тен басталатын мекенжай керек.`
          : `${n}-жол сілтеме емес: парақшаның мекенжайын көшіріңіз (мысалы, example.com/page).`,
      tooManyLinks: (n) => `Бір хабарламада ${n} сілтемеден аспауы керек.`,
      category: 'Не көрсетілгенін таңдаңыз.',
      platform: 'Қайдан көргеніңізді таңдаңыз.',
      descriptionMissing: 'Не көрсетілгенін сипаттаңыз.',
      tooLong: (n) => `${n} таңбадан аспауы керек.`,
      contact: 'Дұрыс e-mail немесе телефон нөмірін көрсетіңіз не өрісті бос қалдырыңыз.',
      rejected: 'Хабарламаны қабылдау мүмкін болмады. Тексеріп, қайта жіберіңіз.',
    },
    hotlines: null,
    thanksTitle: 'Рақмет: хабарламаңыз қабылданды',
    thanks: 'Мамандар оны қарайды.',
    reference: 'Хабарламаңыздың нөмірі',
    keepReference: 'Бұл нөмірді сақтаңыз: осы хабарлама бойынша хабарласқанда атаңыз.',
    refusalTitle: 'Хабарлама жіберілмеді',
    refusals: {
      rate_limited:
        'Сіздің желіңізден тым көп хабарлама жіберілді. Бір минут күтіп, қайталап көріңіз.',
      form_token_invalid: 'Бұл форма енді жарамсыз. Форманы қайта ашып, толтырыңыз.',
      form_token_early: 'Форма тым жылдам жіберілді. Қайтып, тексеріп, қайта жіберіңіз.',
      form_token_expired: 'Форма тым ұзақ ашық тұрды. Оны қайта ашып, толтырыңыз.',
      form_token_used: 'Бұл форма жіберіліп қойған. Басқа хабарлама үшін форманы қайта ашыңыз.',
      form_honeypot: 'Хабарламаны қабылдау мүмкін болмады.',
    },
    again: 'Форманы қайта ашу',
    notFoundTitle: 'Форма табылмады',
    notFound: 'Бұл мекенжайда хабарлама формасы жоқ. Сізге берілген мекенжайды тексеріңіз.',
  },
  vi: {
    title: 'Báo cáo nội dung có hại cho trẻ em',
    intro:
      'Bạn thấy một video, bài đăng hay trang web gây hại cho trẻ em — đánh nhau, bắt nạt, hành vi sai trái của giáo viên? Hãy gửi đường link cho chúng tôi: các chuyên viên sẽ xem xét và xử lý.',
    noFiles:
      'Chỉ gửi đường link và lời mô tả: nơi đây không nhận tệp, ảnh hay video. Đừng tải về hoặc chia sẻ lại chính nội dung đó.',
    neverOpened:
      'Chúng tôi không bao giờ mở hay xem trước các đường link bạn gửi; các chuyên viên sẽ xem xét chúng.',
    required: 'bắt buộc',
    optional: 'không bắt buộc',
    links: {
      label: 'Đường link đến nội dung',
      help: 'Mỗi dòng một đường link, ví dụ https://www.tiktok.com/@name/video/123',
    },
    category: 'Nội dung thể hiện điều gì?',
    categories: {
      violence: 'Đánh nhau hoặc bạo lực',
      bullying: 'Bắt nạt',
      staff_misconduct: 'Hành vi sai trái của giáo viên hoặc nhân viên',
      grooming: 'Người lớn tìm cách lấy lòng trẻ để xâm hại (grooming)',
      self_harm: 'Tự làm hại bản thân hoặc tự tử',
      sexual_content: 'Nội dung tình dục liên quan đến trẻ vị thành niên',
      other: 'Nội dung khác',
    },
    platform: 'Bạn thấy nội dung ở đâu?',
    platformChoose: 'Chọn…',
    platforms: platformsWith('Trang web', 'Nơi khác', 'VK'),
    description: {
      label: 'Chuyện gì đã xảy ra?',
      help: 'Mô tả nội dung thể hiện điều gì. Không ghi tên trẻ em.',
    },
    place: {
      label: 'Việc này xảy ra ở đâu?',
      help: 'Tỉnh, huyện hoặc trường học, nếu bạn biết.',
    },
    contact: {
      label: 'Email hoặc số điện thoại của bạn',
      help: 'Bạn có thể để trống và giữ ẩn danh. Nếu bạn cung cấp, thông tin này chỉ dùng để báo cho bạn biết kết quả xử lý hoặc hỏi thêm về báo cáo này.',
    },
    honeypot: 'Để trống ô này',
    submit: 'Gửi báo cáo',
    errorsHeading: 'Vui lòng kiểm tra lại báo cáo',
    problems: {
      linksMissing: 'Hãy nhập ít nhất một đường link đến nội dung.',
      badLine: (n, scheme) =>
        scheme
          ? `Dòng ${n} không phải đường link trang web: cần địa chỉ bắt đầu bằng http hoặc https.`
          : `Dòng ${n} không phải đường link: hãy sao chép địa chỉ của trang (ví dụ example.com/page).`,
      tooManyLinks: (n) => `Mỗi báo cáo tối đa ${n} đường link.`,
      category: 'Hãy chọn nội dung thể hiện điều gì.',
      platform: 'Hãy chọn nơi bạn thấy nội dung.',
      descriptionMissing: 'Hãy mô tả nội dung thể hiện điều gì.',
      tooLong: (n) => `Tối đa ${n} ký tự.`,
      contact: 'Hãy nhập email hoặc số điện thoại hợp lệ, hoặc để trống.',
      rejected: 'Không thể nhận báo cáo. Hãy kiểm tra và gửi lại.',
    },
    hotlines: {
      heading: 'Nếu trẻ cần được giúp đỡ ngay',
      lines: ['Tổng đài quốc gia bảo vệ trẻ em: 111', 'Đường dây nóng tỉnh Đắk Lắk: 02623.951.567'],
    },
    thanksTitle: 'Cảm ơn bạn: báo cáo đã được tiếp nhận',
    thanks: 'Các chuyên viên sẽ xem xét báo cáo.',
    reference: 'Mã số báo cáo của bạn',
    keepReference: 'Hãy giữ mã số này và cung cấp khi bạn liên hệ về báo cáo.',
    refusalTitle: 'Báo cáo chưa được gửi',
    refusals: {
      rate_limited:
        'Có quá nhiều báo cáo được gửi từ kết nối của bạn. Hãy chờ một phút rồi thử lại.',
      form_token_invalid: 'Biểu mẫu này không còn hiệu lực. Hãy mở lại biểu mẫu và điền lại.',
      form_token_early: 'Biểu mẫu được gửi quá nhanh. Hãy quay lại, kiểm tra và gửi lại.',
      form_token_expired: 'Biểu mẫu đã mở quá lâu. Hãy mở lại và điền lại.',
      form_token_used: 'Biểu mẫu này đã được gửi. Hãy mở lại biểu mẫu để gửi báo cáo khác.',
      form_honeypot: 'Không thể nhận báo cáo.',
    },
    again: 'Mở lại biểu mẫu',
    notFoundTitle: 'Không tìm thấy biểu mẫu',
    notFound: 'Không có biểu mẫu báo cáo ở địa chỉ này. Hãy kiểm tra lại địa chỉ bạn nhận được.',
  },
};
