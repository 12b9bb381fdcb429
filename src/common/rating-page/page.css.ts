/**
 * The rating page's stylesheet (one constant string, so it can be inlined under a CSP hash or served as a cacheable
 * file). Phone first; no web fonts, no images, no external requests. Browser-safe: no imports.
 *
 * Colours are chosen for WCAG AA: body text #101828 / #475467 on white or #f2f4f7, accent #1d4ed8 (6.7:1 with
 * white), error #b42318; control borders ≥ 3:1 against their background.
 */
const SOURCE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f2f4f7;color:#101828;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",sans-serif;-webkit-tap-highlight-color:transparent}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.page{max-width:640px;margin:0 auto;padding:20px 16px calc(28px + env(safe-area-inset-bottom))}
.page.l-h{max-width:820px}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;opacity:0}
.hd{padding:4px 4px 16px}
.co{display:flex;align-items:center;gap:10px;min-height:40px;font-weight:600;color:#344054}
.logo{width:40px;height:40px;border-radius:10px;object-fit:contain;background:#fff;border:1px solid #e4e7ec}
.mono{display:inline-flex;align-items:center;justify-content:center;border:0;background:#1d4ed8;color:#fff;font-size:19px;font-weight:700}
.hd h1{margin:14px 0 4px;font-size:24px;line-height:1.3;font-weight:700;letter-spacing:-.01em}
.intro{margin:0 0 12px;color:#475467;font-size:15px}
.wo{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 8px;margin:0;padding:10px 14px;border-radius:12px;background:#e8edf5;color:#344054;font-size:14px}
.wo-l{color:#475467}
.wo-n{font-weight:600;font-variant-numeric:tabular-nums;color:#101828}
.wo-s{flex-basis:100%;color:#101828;overflow-wrap:anywhere}
.banner{margin:0 0 12px;padding:12px 14px;border-radius:12px;background:#fef3f2;border:1px solid #fda29b;color:#912018;font-weight:500}
.note{margin:0 4px 12px;color:#475467;font-size:14px}
.q{position:relative;min-width:0;margin:0 0 12px;padding:18px 16px 16px;border:1px solid #e4e7ec;border-radius:16px;background:#fff;box-shadow:0 1px 2px rgba(16,24,40,.05)}
.q::after{content:"";display:table;clear:both}
.q.has-err{border-color:#d92d20;box-shadow:0 0 0 1px #d92d20}
.q>legend{float:left;width:100%;margin:0 0 4px;padding:0;font-size:17px;line-height:1.45;font-weight:600}
.ql{margin-right:8px}
.tag{display:inline-block;vertical-align:2px;padding:0 8px;border-radius:999px;font-size:12px;line-height:20px;font-weight:500;white-space:nowrap}
.tag.req{background:#fef3f2;color:#b42318}
.tag.opt{background:#f2f4f7;color:#475467}
.help{clear:both;margin:0;color:#475467;font-size:14px}
.body{clear:both;padding-top:12px}
.err{margin:10px 0 0;color:#b42318;font-size:14px;font-weight:500}
.err:empty{display:none}
.err::before{content:"! ";font-weight:700}
.stars{position:relative;display:flex;gap:4px;padding-bottom:26px}
.stars label{display:flex;align-items:center;justify-content:center;width:52px;height:52px;border-radius:12px;font-size:40px;line-height:1;color:#8b93a1;cursor:pointer;transition:color .12s,transform .12s}
.stars label:active{transform:scale(.92)}
.stars:has(:checked) label,.stars label.fill{color:#f59e0b}
.stars :checked+label{color:#f59e0b}
.stars :checked+label~label{color:#8b93a1}
.cap{position:absolute;left:4px;bottom:0;font-size:14px;line-height:22px;color:#344054;font-weight:500;white-space:nowrap;opacity:0;pointer-events:none}
.stars :checked+label .cap{opacity:1}
@media (hover:hover){.stars:hover label{color:#f8b84a}.stars label:hover~label{color:#8b93a1}}
.ctl{container-type:inline-size}
.seg{display:grid;gap:6px;grid-template-columns:repeat(5,minmax(44px,1fr))}
.seg.n11{grid-template-columns:repeat(6,minmax(44px,1fr))}
@container (min-width:520px){.seg,.seg.n11{grid-template-columns:repeat(auto-fit,minmax(40px,1fr))}}
.seg label,.yn label{display:flex;align-items:center;justify-content:center;min-height:48px;border:1px solid #98a2b3;border-radius:10px;background:#fff;color:#344054;font-weight:600;font-size:17px;font-variant-numeric:tabular-nums;cursor:pointer;user-select:none}
.seg :checked+label,.yn :checked+label{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
.ends{display:flex;justify-content:space-between;gap:12px;margin-top:8px;color:#475467;font-size:13px}
.ends span:last-child{text-align:right}
.yn{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.yn label{min-height:52px;font-size:18px}
.opts{display:grid;gap:8px}
.opts label{position:relative;display:flex;align-items:center;gap:12px;min-height:48px;padding:11px 14px;border:1px solid #98a2b3;border-radius:12px;background:#fff;cursor:pointer;overflow-wrap:anywhere}
.opts label::before{content:"";flex:none;width:20px;height:20px;border:2px solid #667085;border-radius:50%;background:#fff;color:#fff;font-size:14px;line-height:16px;text-align:center;font-weight:700}
.opts input[type=checkbox]+label::before{border-radius:6px}
.opts :checked+label{border-color:#1d4ed8;background:#eff4ff;box-shadow:0 0 0 1px #1d4ed8}
.opts input[type=radio]:checked+label::before{border-color:#1d4ed8;background:#1d4ed8;box-shadow:inset 0 0 0 4px #fff}
.opts input[type=checkbox]:checked+label::before{content:"✓";border-color:#1d4ed8;background:#1d4ed8}
.vh:focus-visible+label{outline:3px solid #1d4ed8;outline-offset:2px}
textarea{display:block;width:100%;min-height:116px;padding:12px 14px;border:1px solid #98a2b3;border-radius:12px;background:#fff;color:#101828;font:inherit;resize:vertical}
textarea:focus-visible{outline-offset:0;border-color:#1d4ed8}
.tmeta{display:flex;justify-content:space-between;gap:8px;margin-top:6px;color:#475467;font-size:13px}
.count{margin-left:auto;font-variant-numeric:tabular-nums}
[aria-invalid=true]+label,textarea[aria-invalid=true]{border-color:#d92d20}
.actions{margin:20px 0 0}
.btn{display:block;width:100%;min-height:54px;padding:12px 20px;border:0;border-radius:14px;background:#1d4ed8;color:#fff;font:inherit;font-size:17px;font-weight:600;cursor:pointer;box-shadow:0 1px 2px rgba(16,24,40,.1)}
.btn:active{background:#1e40af}
.btn:disabled{opacity:.7;cursor:progress}
.ft{margin:20px 4px 0;color:#475467;font-size:13px;text-align:center}
.card{margin:0;padding:28px 20px;border:1px solid #e4e7ec;border-radius:16px;background:#fff;text-align:center}
.card h1{margin:12px 0 8px;font-size:22px;line-height:1.35}
.card p{margin:0 0 8px;color:#475467}
.ic{display:inline-flex;align-items:center;justify-content:center;width:60px;height:60px;border-radius:50%;background:#eff4ff;color:#1d4ed8;font-size:30px;font-weight:700}
.ic.ok{background:#ecfdf3;color:#067647}
.ic.warn{background:#fffaeb;color:#b54708}
.contact{margin:20px 0 0;padding:16px 0 0;border-top:1px solid #e4e7ec;text-align:left}
.another{margin:20px 0 0;padding:16px 0 0;border-top:1px solid #e4e7ec}
.another .btn{margin-top:12px;text-decoration:none;text-align:center;line-height:30px}
.chk{display:flex;align-items:center;gap:12px;min-height:48px;cursor:pointer}
.chk input{flex:none;width:24px;height:24px;margin:0;accent-color:#1d4ed8}
.contact .btn{margin-top:12px}
@media (min-width:600px){
.page{padding-top:32px}
.btn{width:auto;min-width:260px;margin:0 auto}
.l-h .q>legend{width:36%;padding-right:20px}
.l-h .q>.help{float:left;clear:left;width:36%;padding-right:20px}
.l-h .q>.body{clear:none;margin-left:36%;padding-top:0}
}
@media (prefers-reduced-motion:reduce){*{transition:none!important}}
`;

/** Whitespace-only minification: safe for this stylesheet (no strings with significant spaces around `{};,`). */
function minify(css: string): string {
  return css
    .replace(/\s*\n\s*/g, '')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

export const PAGE_CSS: string = minify(SOURCE);
