/**
 * The seal's shadow styles. Nothing here may change the size of the `<a>`'s line box (no font or
 * line-height on `a`): the rendered seal must sit exactly where the fallback `<a><img></a>` sat.
 * `.box` is an inline-block with overflow hidden, so its baseline is its bottom edge, as an image's is.
 * Its width, height and font size are set per seal through the CSSOM, which a strict CSP allows.
 */
export const SEAL_CSS =
  'a{outline:none}' +
  '.box{display:inline-block;position:relative;overflow:hidden;box-sizing:border-box;border-radius:3px;' +
  'font:600 1em/1.2 system-ui,sans-serif;text-align:center;white-space:nowrap}' +
  // In the box's own colour: the link's blue on the mark, red or amber on the text states.
  'a:focus-visible .box{outline:3px solid;outline-offset:2px}' +
  'img{display:block;width:100%;height:100%}' +
  '.strip,.text{display:grid;align-content:center}' +
  // The strip covers the mark's band (its bottom 40%) in the band's colour (scripts/make-marks.mjs).
  '.strip{position:absolute;inset:auto 0 0;height:40%;color:#fff}' +
  '.secom .strip{background:#0b3f8a}.jprs .strip{background:#005a4e}.generic .strip{background:#7a1f2b}' +
  '.text{height:100%}' +
  'span span{overflow:hidden;text-overflow:ellipsis;padding:0 2px}' +
  '.loading{background:#eee;border:1px solid #bbb}' +
  // Text and border share one colour (the border's default), 7:1 or more against the background.
  '.invalid,.unconfirmed{border:2px solid}' +
  '.invalid{background:#fff;color:#a51d2d}' +
  '.unconfirmed{background:#fff4d1;color:#533900}';
