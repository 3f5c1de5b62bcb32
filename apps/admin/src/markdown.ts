import MarkdownIt from 'markdown-it';

/**
 * A campaign's story (Markdown) as HTML, safely: raw HTML in the text is shown as text, not run;
 * links only to http(s) and mail (markdown-it's own validateLink refuses javascript: and data:).
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

export function renderStory(markdown: string | null | undefined): string {
  return md.render(markdown ?? '');
}
