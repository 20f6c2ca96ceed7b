// Self-hosted instances (GLPI, Jira Data Center, ServiceNow on a custom domain): the user adds an
// origin on the options page, Chrome grants it as an optional host permission, and the tool's
// content scripts are registered for that origin only. Used by the options page and the service
// worker (an ES module; both are extension pages).
import './tools.js';

const { tools, contentScripts } = globalThis.ISO20000;
const PREFIX = 'iso20000-site-';

/** `https://glpi.example.org` from what the user typed, or null. */
export function originOf(text) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.origin;
}

export const patternOf = (origin) => `${origin}/*`;

/** Registers the content scripts of every stored site whose permission is granted. */
export async function syncSites() {
  const { sites = [] } = await chrome.storage.local.get('sites');
  const old = await chrome.scripting.getRegisteredContentScripts();
  const ids = old.map((s) => s.id).filter((id) => id.startsWith(PREFIX));
  if (ids.length) await chrome.scripting.unregisterContentScripts({ ids });
  const scripts = [];
  for (const [i, site] of sites.entries()) {
    const tool = tools[site.tool];
    const pattern = patternOf(site.origin);
    if (!tool || !(await chrome.permissions.contains({ origins: [pattern] }))) continue;
    const common = { matches: [pattern], runAt: 'document_idle', allFrames: tool.allFrames, persistAcrossSessions: true };
    if (tool.main.length) scripts.push({ ...common, id: `${PREFIX}${i}-main`, js: tool.main, world: 'MAIN' });
    scripts.push({ ...common, id: `${PREFIX}${i}`, js: contentScripts([site.tool]) });
  }
  if (scripts.length) await chrome.scripting.registerContentScripts(scripts);
  return scripts.length;
}
