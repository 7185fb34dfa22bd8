/** Saves text as a file through a temporary object URL and link: works the same in Electron and the browser. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some engines; a moment later is safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
