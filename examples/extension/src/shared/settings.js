// Options and what is kept in chrome.storage.local. A plain script: see tools.js.
//
//   settings  {lang: 'en'|'ja', edition: '2018'|'2011'}
//   packs     [{id, version, file, addedAt, pack}]  rule packs, validated on the options page
//   context   {timeZone, fields, choices, …}          the engine's instance context, validated on
//                                                     the options page (absent: none)
//   sites     [{tool, origin}]                        self-hosted instances (optional permissions)
//   ui        {collapsed: boolean, side: 'left'|'right'}  the panel's state, shared by every tab
(function (g) {
  const ns = (g.ISO20000 ??= {});
  const LANGS = ['en', 'ja'];
  const EDITIONS = ['2018', '2011'];

  function uiLang() {
    try {
      return String(chrome.i18n.getUILanguage() || '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
    } catch {
      return 'en';
    }
  }

  function normalize(s) {
    return {
      lang: LANGS.includes(s?.lang) ? s.lang : uiLang(),
      edition: EDITIONS.includes(s?.edition) ? s.edition : '2018',
    };
  }

  /** A stored instance context, or null (anything but a plain object counts as none). */
  function context(c) {
    return c && typeof c === 'object' && !Array.isArray(c) ? c : null;
  }

  ns.settings = {
    LANGS,
    EDITIONS,
    normalize,
    context,
    /** The options, rule packs and instance context as stored (defaults filled in). */
    async load() {
      const got = await chrome.storage.local.get(['settings', 'packs', 'context']);
      return { settings: normalize(got.settings), packs: Array.isArray(got.packs) ? got.packs : [], context: context(got.context) };
    },
    /** Does a storage change affect what a check answers? */
    affectsChecks(changes) {
      return Boolean(changes.settings || changes.packs || changes.context);
    },
  };
})(globalThis);
