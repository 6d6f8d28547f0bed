import { createRequire } from 'node:module';

/** The parts of a parse5 (6) node this helper reads: parse5 6 ships no types. */
export interface HtmlNode {
  nodeName: string;
  tagName?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: HtmlNode[];
  /** A `<template>` element's content. */
  content?: HtmlNode;
  /** A text node's text. */
  value?: string;
  parentNode?: HtmlNode | null;
}

const parse5 = createRequire(import.meta.url)('parse5') as { parseFragment(html: string): HtmlNode };

/** Parses markup the way a browser parses it inside a `<body>` (WHATWG algorithm, parse5). */
export function parseHtml(markup: string): HtmlNode {
  return parse5.parseFragment(markup);
}

/** Every element in document order, `<template>` contents included. */
export function elementsOf(root: HtmlNode): HtmlNode[] {
  const out: HtmlNode[] = [];
  const walk = (node: HtmlNode) => {
    if (node.tagName) out.push(node);
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  walk(root);
  return out;
}

/** Every text node in document order, with the element it sits in. */
export function textsOf(root: HtmlNode): Array<{ text: string; parent: HtmlNode | undefined }> {
  const out: Array<{ text: string; parent: HtmlNode | undefined }> = [];
  const walk = (node: HtmlNode, parent: HtmlNode | undefined) => {
    if (node.nodeName === '#text') out.push({ text: node.value ?? '', parent });
    for (const child of node.childNodes ?? []) walk(child, node.tagName ? node : parent);
    if (node.content) walk(node.content, node);
  };
  walk(root, undefined);
  return out;
}

export function attr(element: HtmlNode, name: string): string | undefined {
  return element.attrs?.find((a) => a.name === name)?.value;
}

/** The page's shape without its words: each element's tag and attribute names, in order. */
export function shapeOf(root: HtmlNode): string[] {
  return elementsOf(root).map((el) => `${el.tagName}[${(el.attrs ?? []).map((a) => a.name).join(',')}]`);
}

/** Attributes a browser follows as a URL (where `javascript:` would run). */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'srcset', 'data', 'background', 'cite', 'ping']);

/**
 * URL attributes whose value a browser would run as script: a `javascript:` (or `vbscript:`,
 * `data:text/html`) scheme, as a browser reads it (whitespace and control characters inside
 * the scheme are ignored).
 */
export function scriptUrls(root: HtmlNode): string[] {
  return elementsOf(root).flatMap((el) =>
    (el.attrs ?? [])
      .filter((a) => URL_ATTRIBUTES.has(a.name))
      .filter((a) =>
        /^(?:javascript|vbscript):|^data:text\/html/i.test(
          // A browser drops control characters and spaces from a URL's scheme.
          a.value.replace(/[\u0000-\u0020\u007f]/g, ''),
        ),
      )
      .map((a) => `<${el.tagName} ${a.name}="${a.value}">`),
  );
}
