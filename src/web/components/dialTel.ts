/**
 * Opens a `tel:` link the server answered, so the agent's phone app (or softphone) dials it. Only that scheme: a
 * link of any other kind is ignored. Activated as a link click — what a person tapping a `tel:` link does — so the
 * browser hands it to its protocol handler without leaving the page.
 */
export function dialTel(href: string): boolean {
  if (!href.toLowerCase().startsWith('tel:')) return false;
  const link = document.createElement('a');
  link.href = href;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  return true;
}
