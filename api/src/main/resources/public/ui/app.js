import { session, ApiError } from './api.js';
import { loginPage, timersPage, timerPage } from './pages.js';
import { createPage } from './create.js';
import { overviewPage } from './overview.js';
import { livePage } from './live.js';
import { deadLettersPage } from './deadletters.js';
import { upcomingPage } from './upcoming.js';

const root = document.getElementById('main');
let dispose = null;

// Each page answers a promise, or {done, dispose} when it keeps working (refreshes, a stream)
// until another page is shown.
function show(page) {
  if (page && typeof page.dispose === 'function') {
    dispose = page.dispose;
    return page.done;
  }
  return page;
}

function route() {
  if (dispose) {
    dispose();
    dispose = null;
  }
  // each page draws into a view of its own: one still loading when another is shown draws into a
  // view no longer in the document
  const main = document.createElement('div');
  root.replaceChildren(main);
  const hash = location.hash || '#/overview';
  const [path, search] = hash.substring(1).split('?');
  const parameters = new URLSearchParams(search || '');
  document.getElementById('logout').hidden = !session.token();
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('current', path === `/${link.dataset.page}` || path.startsWith(`/${link.dataset.page}/`)
      || (link.dataset.page === 'timers' && path.startsWith('/timer/')));
  }
  if (!session.token()) {
    loginPage(main, route);
    return;
  }
  const handle = (promise) => Promise.resolve(promise).catch((error) => {
    if (error instanceof ApiError && error.status === 401) {
      session.logout();
      route();
    }
  });
  const id = (prefix) => {
    try {
      return decodeURIComponent(path.substring(prefix.length));
    } catch (e) {
      return path.substring(prefix.length);
    }
  };
  if (path.startsWith('/timer/')) handle(timerPage(main, id('/timer/'), parameters));
  else if (path.startsWith('/edit/')) handle(createPage(main, id('/edit/')));
  else if (path === '/create') handle(createPage(main));
  else if (path === '/live') handle(show(livePage(main, parameters)));
  else if (path === '/dead-letters') handle(deadLettersPage(main, parameters));
  else if (path === '/upcoming') handle(upcomingPage(main));
  else if (path === '/timers') handle(timersPage(main, parameters));
  else handle(show(overviewPage(main)));
}

document.getElementById('logout').addEventListener('click', () => {
  session.logout();
  location.hash = '#/overview';
  route();
});
window.addEventListener('hashchange', route);
route();
