// mammoth ships types for its Node entry only; the browser bundle has the same API.
declare module 'mammoth/mammoth.browser' {
  import mammoth from 'mammoth'
  export default mammoth
}
