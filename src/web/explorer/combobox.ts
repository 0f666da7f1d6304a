import { CONCEPT, gql, isAbort } from './api.js';
import type { ConceptSummary } from './drawing.js';
import { escapeHtml, words } from '../text.js';

/**
 * Autocomplete for every input that takes a concept: names, aliases and ontology IDs, through
 * Query.search. Only the newest reply is drawn (older requests are aborted, and a late reply
 * is dropped by its sequence number), so fast typing on a slow server never shows stale
 * suggestions. ARIA 1.2 combobox: arrows move, Enter picks, Escape closes.
 */

interface Hit {
  concept: ConceptSummary;
  matchedOn: string;
  matchedText: string;
}

export interface Combobox {
  input: HTMLInputElement;
  /** The concept picked from the list, or null when the text was typed. */
  chosen: () => ConceptSummary | null;
  /** The concept's slug when picked, else the typed text (the API resolves names and IDs). */
  value: () => string;
  set: (text: string, concept?: ConceptSummary | null) => void;
}

export function combobox(input: HTMLInputElement, onChoose: (concept: ConceptSummary) => void): Combobox {
  const list = document.createElement('ul');
  list.id = `${input.id}-options`;
  list.className = 'options';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', `${input.getAttribute('aria-label') ?? 'Concept'} suggestions`);
  list.hidden = true;
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  input.autocomplete = 'off';

  let hits: Hit[] = [];
  let active = -1;
  let chosen: ConceptSummary | null = null;
  let sequence = 0;
  let controller: AbortController | null = null;
  let timer: number | undefined;

  const open = (visible: boolean) => {
    list.hidden = !visible;
    input.setAttribute('aria-expanded', String(visible));
    if (!visible) input.removeAttribute('aria-activedescendant');
  };
  const message = (text: string) => {
    list.innerHTML = `<li class="message" role="option" aria-disabled="true">${escapeHtml(text)}</li>`;
    open(true);
  };
  const highlight = (index: number) => {
    active = index;
    [...list.children].forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `${list.id}-${index}`);
  };
  const choose = (hit: Hit) => {
    chosen = hit.concept;
    input.value = hit.concept.name;
    open(false);
    onChoose(hit.concept);
  };
  const render = () => {
    if (hits.length === 0) return message('No concept matches.');
    list.innerHTML = hits
      .map((hit, index) => {
        const via = hit.matchedOn === 'NAME' ? '' : `<span class="via">${hit.matchedOn === 'XREF' ? '' : `${hit.matchedOn.toLowerCase()}: `}${escapeHtml(hit.matchedText)}</span>`;
        return `<li id="${list.id}-${index}" role="option" aria-selected="false" data-slug="${escapeHtml(hit.concept.slug)}">
          <span class="name">${escapeHtml(hit.concept.name)}${via}</span><span class="kind">${escapeHtml(words(hit.concept.kind))}</span></li>`;
      })
      .join('');
    active = -1;
    open(true);
  };

  const search = async (text: string) => {
    const mine = ++sequence;
    controller?.abort();
    controller = new AbortController();
    message('Searching…');
    try {
      const data = await gql<{ search: Hit[] }>(
        `query Suggest($q: String!) { search(query: $q, first: 8) { concept { ${CONCEPT} } matchedOn matchedText } }`,
        { q: text.slice(0, 200) },
        controller.signal,
      );
      if (mine !== sequence) return; // a newer search was started
      hits = data.search;
      render();
    } catch (error) {
      if (mine !== sequence || isAbort(error)) return;
      message(`Search failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  /** Drops a pending or running search and closes the list. */
  const cancel = () => {
    window.clearTimeout(timer);
    sequence++;
    controller?.abort();
    open(false);
  };
  input.form?.addEventListener('submit', cancel);

  input.addEventListener('input', () => {
    chosen = null;
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      cancel();
      return;
    }
    timer = window.setTimeout(() => void search(text), 120);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (list.hidden || hits.length === 0) return;
      event.preventDefault();
      highlight((active + (event.key === 'ArrowDown' ? 1 : -1) + hits.length) % hits.length);
    } else if (event.key === 'Enter') {
      if (!list.hidden && hits.length > 0 && active >= 0) {
        event.preventDefault();
        choose(hits[active]!);
      } else if (!list.hidden && hits.length > 0 && input.form === null) {
        event.preventDefault();
        choose(hits[0]!);
      }
    } else if (event.key === 'Escape') {
      cancel();
    }
  });
  // Leaving the input drops its search too: a reply arriving later must not open the list over
  // what the user moved on to (a click on the list keeps the focus: see mousedown below).
  input.addEventListener('blur', () => window.setTimeout(cancel, 150));
  list.addEventListener('mousedown', (event) => {
    const item = (event.target as HTMLElement).closest('li[data-slug]') as HTMLElement | null;
    if (!item) return;
    event.preventDefault();
    const hit = hits.find((candidate) => candidate.concept.slug === item.dataset.slug);
    if (hit) choose(hit);
  });

  return {
    input,
    chosen: () => chosen,
    value: () => chosen?.slug ?? input.value.trim(),
    set: (text, concept = null) => {
      cancel();
      input.value = text;
      chosen = concept;
    },
  };
}
