// Where JSON text stops being JSON, as a line and column. Chromium's JSON.parse names an offset
// for most errors but not all ("Unexpected token 'x', "…" is not valid JSON" has none), so this
// scanner walks the same grammar (RFC 8259, as JSON.parse reads it) only to find the first
// character that breaks it. It is run only after JSON.parse has refused the text.

/** The offset of the first character that is not valid JSON (text.length: it ends too early), or -1. */
export function errorOffset(text) {
  const n = text.length;
  let i = 0;
  const stop = (at) => {
    throw { at };
  };
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const digits = () => {
    if (!(text[i] >= '0' && text[i] <= '9')) stop(i);
    while (text[i] >= '0' && text[i] <= '9') i++;
  };
  function string() {
    i++; // the opening quote
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) stop(Math.min(i + k, n));
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else stop(i + 1);
      } else if (c < ' ') stop(i);
      else i++;
    }
    stop(n);
  }
  function number() {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  }
  function word(w) {
    for (const c of w) {
      if (text[i] !== c) stop(i);
      i++;
    }
  }
  function members(close, member) {
    i++; // the opening bracket
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) {
        i++;
        return;
      } else stop(i);
    }
  }
  function value() {
    space();
    const c = text[i];
    if (c === '{') {
      members('}', () => {
        space();
        if (text[i] !== '"') stop(i);
        string();
        space();
        if (text[i] !== ':') stop(i);
        i++;
        value();
      });
    } else if (c === '[') members(']', value);
    else if (c === '"') string();
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else if (c === 't') word('true');
    else if (c === 'f') word('false');
    else if (c === 'n') word('null');
    else stop(i);
  }
  try {
    value();
    space();
    if (i < n) stop(i);
    return -1;
  } catch (e) {
    if (typeof e?.at !== 'number') throw e;
    return e.at;
  }
}

/** 1-based line and column (in characters, as an editor counts them) of `offset` in `text`. */
export function lineColumn(text, offset) {
  const before = text.slice(0, offset);
  const start = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(start)].length + 1 };
}

/** JSON.parse's own words without the offset it may add (the line and column are given instead). */
export function parserMessage(e) {
  return String(e?.message ?? e).replace(/\s*in JSON at position \d+.*$/s, '');
}
