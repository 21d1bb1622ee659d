/** Saves text as a file through a Blob URL and a temporary `<a download>`; no inline script, no network. */
export function downloadText(
  root: ShadowRoot | HTMLElement,
  text: string,
  fileName: string,
  type: string,
): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  // Some browsers start the download after click() returns; give them time before revoking.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
