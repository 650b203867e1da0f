// 导入 Word 文档 — turns a .docx file into body HTML. mammoth reads the document's
// structure (headings, lists, tables, bold, italic, links); cleanPastedHtml then reduces it
// to what the body may hold, exactly as for a paste.
import { cleanPastedHtml } from './clean'

/** Word and WPS documents made in Chinese may name their heading styles in Chinese. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "p[style-name='副标题'] => h2:fresh",
  ...[1, 2, 3, 4].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
  "p[style-name='heading 5'] => h4:fresh",
  "p[style-name='heading 6'] => h4:fresh",
]

export interface DocxBody {
  html: string
  /** mammoth's notes, mostly styles it did not recognise; the text is still there. */
  warnings: number
  /** Pictures in the document: the body holds no images, so they are left out. */
  images: number
}

export async function convertDocx(buf: ArrayBuffer): Promise<DocxBody> {
  // mammoth is 400 kB and needed only here: it loads (from the app, not the network) on
  // the first import.
  const { default: mammoth } = await import('mammoth/mammoth.browser')
  let images = 0
  const result = await mammoth.convertToHtml(
    { arrayBuffer: buf },
    {
      styleMap: STYLE_MAP,
      // Count pictures without reading them: they would only be dropped.
      convertImage: mammoth.images.imgElement(async () => {
        images += 1
        return { src: '' }
      }),
    },
  )
  const warnings = result.messages.filter((m) => m.type === 'warning').length
  return { html: cleanPastedHtml(result.value), warnings, images }
}

export async function docxToCleanHtml(buf: ArrayBuffer): Promise<string> {
  return (await convertDocx(buf)).html
}
