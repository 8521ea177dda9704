/**
 * GitHub Actions workflow commands (`::error title=T::message`), so a failing check shows on the
 * run's summary page. Escaping follows the runner's rules: in data % CR LF are percent-encoded;
 * in properties also ':' and ','.
 */
export type AnnotationLevel = "error" | "warning" | "notice";

export function annotation(level: AnnotationLevel, title: string, message: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
