//! 排版 — what every PDF the desk makes is drawn with: the embedded Chinese faces
//! (`fonts`), Chinese line breaking (`linebreak`) and a page in millimetres from its
//! top-left corner (`page`). Below the printed forms (`sheet`, `report`) and the OFD pages
//! drawn for redaction (`redact`), and needing none of them.

pub(crate) mod fonts;
pub(crate) mod linebreak;
pub(crate) mod page;
