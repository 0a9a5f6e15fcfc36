const flashKey = 'designer-flash';

/** A message for the next page (shown once), e.g. the result of an import that opens the imported definition. */
export function flash(text: string) {
  try {
    sessionStorage.setItem(flashKey, text);
  } catch {
    // Without storage the message is simply not carried over.
  }
}

export function takeFlash(): string | null {
  try {
    const text = sessionStorage.getItem(flashKey);
    sessionStorage.removeItem(flashKey);
    return text;
  } catch {
    return null;
  }
}
