// The dashboard's "Management review report" button: the printable report (js/review.js) of the
// report shown, opened in a new window for printing. The page holds the whole report as JSON text
// (state.reportText, findings included), so the sample is drawn from every failing record. The
// report page has no script: it opens under the dashboard's Content-Security-Policy as it is.
import { reviewHtml } from 'iso20000';
import { download, h } from './dom.js';

const TEXT = {
  en: {
    label: 'Management review report',
    title: 'Opens a printable management-review report (A4) in a new window',
    blocked: 'The browser blocked the new window: the report was saved as an HTML file instead.',
  },
  ja: {
    label: 'マネジメントレビュー報告書',
    title: '印刷用のマネジメントレビュー報告書（A4）を新しいウィンドウで開きます',
    blocked: 'ブラウザーが新しいウィンドウをブロックしたため、報告書を HTML ファイルとして保存しました。',
  },
};

/** The report page of `reportText` in a new window (or as a download when pop-ups are blocked). */
export function openReview({ reportText, lang, name, history = [] }) {
  const html = reviewHtml(JSON.parse(reportText), { lang, name, history });
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const win = window.open(url, '_blank');
  if (!win) {
    URL.revokeObjectURL(url);
    download(html, `iso20000-review-${lang}.html`, 'text/html;charset=utf-8');
    return { blocked: TEXT[lang === 'ja' ? 'ja' : 'en'].blocked };
  }
  // The window has read the URL once it loaded; a minute covers a slow first paint.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { blocked: null };
}

/**
 * The button, in the downloads group. `get()` gives {reportText, lang, name, history} when clicked
 * (the report shown then, not the one rendered with the button; `history`: the saved runs' snapshots).
 */
export function reviewButton(lang, get) {
  const t = TEXT[lang === 'ja' ? 'ja' : 'en'];
  return h('button', {
    type: 'button', class: 'button secondary small', id: 'open-review', title: t.title,
    onclick: (event) => {
      const { blocked } = openReview(get());
      if (blocked) event.currentTarget.title = blocked;
    },
  }, t.label);
}
