/**
 * A store reference as a report may show it: a URL's password (`msldap://user:secret@dc/...`) and
 * any query parameter that looks like a secret (`password`, `pwd`, `secret`, `token`) are replaced
 * by `***`; line breaks become spaces, so the reference stays one line in every format.
 */
export function redactStoreRef(ref: string): string {
  return ref
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:?#]*):[^/@?#]*@/i, '$1:***@')
    .replace(/([?&;](?:password|passwd|pwd|secret|token)=)[^&;#]*/gi, '$1***')
    .replace(/[\r\n]+/g, ' ')
}
