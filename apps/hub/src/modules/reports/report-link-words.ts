import type { Language } from '@safenet/core';

/** The words of the report link pages in one language. */
export interface PageWords {
  period: string;
  due: string;
  previousSubmitted: string;
  previousDraft: string;
  saveDraft: string;
  submit: string;
  addRow: string;
  row: string;
  yes: string;
  no: string;
  fix: string;
  /** What is wrong with an answer, by what the field takes: never the API's English message. */
  problems: {
    required: string;
    count: string;
    number: string;
    yesNo: string;
    choice: string;
    date: string;
    text(maxLength: number): string;
    group: string;
  };
  errorsHeading: string;
  submitted: string;
  draftSaved: string;
  refusalTitle: string;
  refusals: {
    report_link_invalid: string;
    report_link_expired: string;
    report_link_revoked: string;
    report_locked: string;
  };
}

export const WORDS: Readonly<Record<Language, PageWords>> = {
  en: {
    period: 'Period',
    due: 'Due',
    previousSubmitted: 'Submitted before (the answers below)',
    previousDraft: 'Draft saved (the answers below)',
    saveDraft: 'Save draft',
    submit: 'Submit',
    addRow: 'Add a row',
    row: 'Row',
    yes: 'Yes',
    no: 'No',
    fix: 'Check this answer',
    problems: {
      required: 'This answer is required',
      count: 'Enter a whole number, 0 or more',
      number: 'Enter a number in the range allowed',
      yesNo: 'Choose yes or no',
      choice: 'Choose from the options given',
      date: 'Enter a date',
      text: (n) => `Write at most ${n} characters`,
      group: 'Check the rows of this table',
    },
    errorsHeading: 'Some answers need fixing',
    submitted:
      'Thank you: your report is submitted. You can still change it here until the period locks.',
    draftSaved: 'Your draft is saved. It does not count until you submit it.',
    refusalTitle: 'This link does not work',
    refusals: {
      report_link_invalid:
        'This link is not valid. Open it again from the message, in full, or ask for a new one.',
      report_link_expired: 'This link has expired. Ask the organisation above you for a new one.',
      report_link_revoked: 'This link was withdrawn. Ask the organisation above you for a new one.',
      report_locked: 'This report is closed: the period is locked, so nothing more can be sent.',
    },
  },
  ru: {
    period: 'Период',
    due: 'Срок',
    previousSubmitted: 'Отправлено ранее (ответы ниже)',
    previousDraft: 'Черновик сохранён (ответы ниже)',
    saveDraft: 'Сохранить черновик',
    submit: 'Отправить',
    addRow: 'Добавить строку',
    row: 'Строка',
    yes: 'Да',
    no: 'Нет',
    fix: 'Проверьте ответ',
    problems: {
      required: 'Это обязательный ответ',
      count: 'Введите целое число, 0 или больше',
      number: 'Введите число в допустимых пределах',
      yesNo: 'Выберите «да» или «нет»',
      choice: 'Выберите из предложенных вариантов',
      date: 'Введите дату',
      text: (n) => `Не больше ${n} символов`,
      group: 'Проверьте строки этой таблицы',
    },
    errorsHeading: 'Исправьте некоторые ответы',
    submitted: 'Спасибо: отчёт отправлен. Его можно изменить здесь до закрытия периода.',
    draftSaved: 'Черновик сохранён. Он не учитывается, пока вы его не отправите.',
    refusalTitle: 'Ссылка не работает',
    refusals: {
      report_link_invalid:
        'Ссылка недействительна. Откройте её из сообщения полностью или попросите новую.',
      report_link_expired: 'Срок действия ссылки истёк. Попросите новую у вышестоящей организации.',
      report_link_revoked: 'Ссылка отозвана. Попросите новую у вышестоящей организации.',
      report_locked: 'Отчёт закрыт: период завершён, отправить больше ничего нельзя.',
    },
  },
  kk: {
    period: 'Кезең',
    due: 'Мерзімі',
    previousSubmitted: 'Бұрын жіберілген (жауаптар төменде)',
    previousDraft: 'Жоба сақталған (жауаптар төменде)',
    saveDraft: 'Жобаны сақтау',
    submit: 'Жіберу',
    addRow: 'Жол қосу',
    row: 'Жол',
    yes: 'Иә',
    no: 'Жоқ',
    fix: 'Жауапты тексеріңіз',
    problems: {
      required: 'Бұл жауап міндетті',
      count: '0 немесе одан үлкен бүтін сан енгізіңіз',
      number: 'Рұқсат етілген шектегі санды енгізіңіз',
      yesNo: '«Иә» немесе «жоқ» таңдаңыз',
      choice: 'Берілген нұсқалардан таңдаңыз',
      date: 'Күнді енгізіңіз',
      text: (n) => `${n} таңбадан аспасын`,
      group: 'Осы кестенің жолдарын тексеріңіз',
    },
    errorsHeading: 'Кейбір жауаптарды түзету керек',
    submitted: 'Рахмет: есеп жіберілді. Кезең жабылғанша оны осында өзгертуге болады.',
    draftSaved: 'Жоба сақталды. Оны жібергенше есепке алынбайды.',
    refusalTitle: 'Сілтеме жұмыс істемейді',
    refusals: {
      report_link_invalid:
        'Сілтеме жарамсыз. Оны хабарламадан толық ашыңыз немесе жаңасын сұраңыз.',
      report_link_expired: 'Сілтеменің мерзімі өтті. Жоғары тұрған ұйымнан жаңасын сұраңыз.',
      report_link_revoked: 'Сілтеме кері қайтарылды. Жоғары тұрған ұйымнан жаңасын сұраңыз.',
      report_locked: 'Есеп жабық: кезең аяқталды, енді ештеңе жіберуге болмайды.',
    },
  },
  vi: {
    period: 'Kỳ báo cáo',
    due: 'Hạn nộp',
    previousSubmitted: 'Đã gửi trước đó (các câu trả lời bên dưới)',
    previousDraft: 'Đã lưu bản nháp (các câu trả lời bên dưới)',
    saveDraft: 'Lưu bản nháp',
    submit: 'Gửi báo cáo',
    addRow: 'Thêm một dòng',
    row: 'Dòng',
    yes: 'Có',
    no: 'Không',
    fix: 'Kiểm tra câu trả lời này',
    problems: {
      required: 'Câu trả lời này là bắt buộc',
      count: 'Nhập số nguyên, từ 0 trở lên',
      number: 'Nhập số trong giới hạn cho phép',
      yesNo: 'Chọn có hoặc không',
      choice: 'Chọn trong các phương án đã cho',
      date: 'Nhập ngày',
      text: (n) => `Tối đa ${n} ký tự`,
      group: 'Kiểm tra các dòng của bảng này',
    },
    errorsHeading: 'Một số câu trả lời cần sửa',
    submitted:
      'Cảm ơn: báo cáo của bạn đã được gửi. Bạn vẫn có thể sửa tại đây cho đến khi kỳ báo cáo khóa.',
    draftSaved: 'Bản nháp đã được lưu. Bản nháp chưa được tính cho đến khi bạn gửi.',
    refusalTitle: 'Liên kết này không dùng được',
    refusals: {
      report_link_invalid:
        'Liên kết không hợp lệ. Hãy mở lại đầy đủ từ tin nhắn hoặc xin liên kết mới.',
      report_link_expired: 'Liên kết đã hết hạn. Hãy xin liên kết mới từ đơn vị cấp trên.',
      report_link_revoked: 'Liên kết đã bị thu hồi. Hãy xin liên kết mới từ đơn vị cấp trên.',
      report_locked: 'Báo cáo đã khóa: kỳ báo cáo đã kết thúc, không thể gửi thêm.',
    },
  },
};
