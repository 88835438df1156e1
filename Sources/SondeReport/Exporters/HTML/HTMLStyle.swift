/// The report's only stylesheet, inline: no fonts or files are fetched. System fonts, a
/// single column that fits a phone, tables that wrap inside the column (on a phone each row
/// becomes a card of labelled values), and a print layout that keeps each figure on one page.
/// `make check-html` measures in Chromium that nothing scrolls sideways at 1280 and 390 px.
enum HTMLStyle {
    static let css = """
    :root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d8d8d8; --accent: #0072B2; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
    /* Wide enough for a 16-column table of milliseconds at 1280 px; prose keeps a readable measure. */
    main { max-width: 1200px; margin: 0 auto; padding: 16px; }
    p, ul { max-width: 64rem; }
    h1 { font-size: 1.6rem; margin: 0.2em 0; }
    h2 { font-size: 1.2rem; margin: 1.6em 0 0.4em; border-bottom: 1px solid var(--rule); padding-bottom: 0.2em; }
    .facts { color: var(--muted); font-size: 0.9rem; margin: 0; }
    .facts span + span::before { content: " · "; }
    .headline { font-size: 1.15rem; font-weight: 600; border-left: 4px solid var(--accent); padding: 0.4em 0.8em; background: #f3f8fc; }
    .note { border: 1px dashed #999; padding: 0.6em 0.8em; color: var(--muted); background: #fafafa; }
    .small { font-size: 0.85rem; color: var(--muted); }
    figure { margin: 0.6em 0; }
    figure svg { display: block; width: 100%; height: auto; max-width: 860px; }
    figcaption { font-size: 0.95rem; margin-top: 0.3em; padding-left: 0.6em; border-left: 3px solid var(--rule); }
    .table-wrap { overflow-x: auto; margin: 0.6em 0; max-width: 100%; }
    table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
    caption { text-align: left; color: var(--muted); padding-bottom: 0.2em; }
    /* Cells wrap at spaces and dashes, and inside a long token only when nothing else fits, so a
       table with many interval columns stays inside the content column instead of scrolling. */
    th, td { padding: 0.25em 0.45em; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
    th { background: #f4f4f4; font-weight: 600; }
    .num { text-align: right; }
    td.num { white-space: nowrap; }
    p, li, figcaption, h1, h2, h3 { overflow-wrap: anywhere; }
    details summary { cursor: pointer; color: var(--accent); }
    footer { color: var(--muted); font-size: 0.8rem; margin: 2em 0 1em; }
    @media (max-width: 600px) {
      body { font-size: 14px; } main { padding: 10px; } table { font-size: 0.8rem; }
      /* Each row a card: the header row hides, every cell shows its column's name. */
      .table-wrap table, .table-wrap tbody, .table-wrap tr, .table-wrap td { display: block; width: 100%; }
      .table-wrap thead { display: none; }
      .table-wrap tr { border: 1px solid var(--rule); border-radius: 4px; margin: 0 0 0.5em; padding: 0.2em 0; }
      .table-wrap td { border: 0; text-align: left; padding: 0.1em 0.6em; }
      .table-wrap td::before { content: attr(data-label); display: inline-block; min-width: 42%; margin-right: 0.5em; color: var(--muted); }
      /* Below ~560 px chart text would shrink under 10 px: scroll the chart sideways instead. */
      .chart { overflow-x: auto; } figure svg { min-width: 560px; }
      .headline { font-size: 1rem; }
    }
    @media print {
      body { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      section { break-inside: auto; }
      figure, table, .headline { break-inside: avoid; }
      h2 { break-after: avoid; }
      .table-wrap, .chart { overflow: visible; }
      figure svg { min-width: 0; }
      details > *:not(summary) { display: block; }
    }
    """
}
