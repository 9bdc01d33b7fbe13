// The widget's page: reads its missions from the API (this origin) and
// shows them as cards; every text goes in through textContent, never as
// HTML. `WIDGET` (id, layout, the platform's address) is set above.
const list = document.getElementById('missions');
const status = document.getElementById('status');
const pages = document.getElementById('pages');
const previous = document.getElementById('previous');
const next = document.getElementById('next');
const form = document.getElementById('search');
const words = document.getElementById('q');
let page = 0;

function dateFr(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function card(hit, href) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener';
  const title = document.createElement('h2');
  title.textContent = hit.title;
  const org = document.createElement('p');
  org.className = 'organization';
  org.textContent = hit.organization_name;
  const where = document.createElement('p');
  const when = hit.start_date ? ` · à partir du ${dateFr(hit.start_date)}` : '';
  where.textContent = `${hit.format === 'remote' ? 'À distance' : hit.city ?? ''}${when}`;
  const places = document.createElement('p');
  places.className = 'places';
  places.textContent = hit.places_left === 1 ? '1 place restante' : `${hit.places_left} places restantes`;
  a.append(title, org, where, places);
  li.append(a);
  return li;
}

async function load() {
  status.textContent = 'Chargement des missions…';
  const params = new URLSearchParams({ page: String(page) });
  if (words.value.trim()) params.set('q', words.value.trim());
  try {
    const r = await fetch(`/v1/widgets/${WIDGET.widget}/missions?${params}`);
    if (!r.ok) throw new Error(String(r.status));
    const found = await r.json();
    list.replaceChildren(...found.items.map((hit, i) => card(hit, found.links[i])));
    status.textContent = found.total === 0
      ? 'Aucune mission pour le moment.'
      : `${found.total} mission${found.total > 1 ? 's' : ''} · page ${found.page + 1} sur ${Math.max(found.pages, 1)}`;
    pages.hidden = found.pages <= 1;
    previous.disabled = found.page === 0;
    next.disabled = found.page + 1 >= found.pages;
  } catch (e) {
    status.textContent = 'Les missions ne peuvent pas être affichées pour le moment.';
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  page = 0;
  load();
});
previous.addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
next.addEventListener('click', () => { page += 1; load(); });
load();
