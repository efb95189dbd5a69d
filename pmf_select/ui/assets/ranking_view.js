// The Weigh page's live ranking view: the stacked-bar chart and the static table.
//
// Streamlit calls this function with new `data` after every slider move. Text is only
// ever set as textContent (names and areas are user input), never as HTML. The chart's
// and table's elements are kept between calls and updated in place, so a move costs the
// browser a few property changes instead of a rebuilt chart and table (issue 18).

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// Write a style property or attribute only when it changes: an unchanged write still
// makes the browser recompute the element's style.
// (The last value written is kept on the node: the browser reads a style back in its own
// form, "rgb(0, 114, 178)" for "#0072B2".)
function setStyle(node, name, value) {
  const last = `pmf_${name}`;
  if (node[last] !== value) {
    node[last] = value;
    node.style[name] = value;
  }
}

function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function setClass(node, name, on) {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}

// Keep `count` children of `parent`, made by `create` when missing, and return them.
function children(parent, count, create) {
  while (parent.children.length > count) parent.lastElementChild.remove();
  while (parent.children.length < count) parent.appendChild(create(parent.children.length));
  return Array.from(parent.children);
}

function chartShell(root) {
  root.replaceChildren();
  const heading = root.appendChild(make("h3", "pmf-title"));
  const key = root.appendChild(make("ul", "pmf-key"));
  const figure = root.appendChild(make("div", "pmf-chart"));
  figure.setAttribute("role", "img");
  const bars = figure.appendChild(make("div", "pmf-bars"));
  const axis = figure.appendChild(make("div", "pmf-axis"));
  axis.setAttribute("aria-hidden", "true");
  const axisTitle = figure.appendChild(make("div", "pmf-axis-title"));
  axisTitle.setAttribute("aria-hidden", "true");
  const leading = root.appendChild(make("p", "pmf-leading"));
  leading.appendChild(make("strong"));
  leading.appendChild(document.createTextNode(""));
  const note = root.appendChild(make("p", "pmf-note"));
  return { heading, key, figure, bars, axis, axisTitle, leading, note };
}

// The view's elements for `kind` ("chart" or "table"), built by `shell` on the first
// call (or when the view changes kind) and kept on the root between calls.
function partsOf(root, kind, shell) {
  if (!root.pmfParts || root.pmfParts.kind !== kind) root.pmfParts = { kind, ...shell(root) };
  return root.pmfParts;
}

function drawChart(root, data) {
  const parts = partsOf(root, "chart", chartShell);
  setClass(root, "pmf-large", Boolean(data.large));
  setText(parts.heading, data.title);
  children(parts.key, data.legend.length, () => {
    const item = make("li");
    item.appendChild(make("span", "pmf-swatch")).setAttribute("aria-hidden", "true");
    item.appendChild(make("span"));
    return item;
  }).forEach((item, i) => {
    setStyle(item.firstChild, "background", data.legend[i].color);
    setText(item.lastChild, data.legend[i].label);
  });
  setAttr(parts.figure, "aria-label", data.summary);
  children(parts.bars, data.rows.length, () => {
    const row = make("div", "pmf-row");
    row.appendChild(make("div", "pmf-label"));
    row.appendChild(make("div", "pmf-track"));
    return row;
  }).forEach((row, i) => {
    const item = data.rows[i];
    setText(row.firstChild, item.label);
    setAttr(row, "title", item.tip);
    children(row.lastChild, item.parts.length, () => make("span", "pmf-part")).forEach((part, j) => {
      setStyle(part, "width", `${(item.parts[j] * 100).toFixed(2)}%`);
      setStyle(part, "background", data.legend[j].color);
    });
  });
  children(parts.axis, data.ticks.length, () => make("span")).forEach((tick, i) => {
    setStyle(tick, "left", `${data.ticks[i] * 100}%`);
    setText(tick, data.ticks[i].toFixed(1));
  });
  setText(parts.axisTitle, data.axis);
  setText(parts.leading.firstChild, data.leading.label);
  setText(parts.leading.lastChild, ` ${data.leading.text}`);
  setText(parts.note, data.note || "");
  parts.note.hidden = !data.note;
}

function tableShell(root) {
  root.replaceChildren();
  const heading = root.appendChild(make("h3", "pmf-title"));
  const text = root.appendChild(make("p", "pmf-text"));
  const box = root.appendChild(make("div", "pmf-table"));
  const table = box.appendChild(make("table"));
  const head = table.appendChild(make("thead")).appendChild(make("tr"));
  const body = table.appendChild(make("tbody"));
  return { heading, text, head, body };
}

function drawTable(root, data) {
  const parts = partsOf(root, "table", tableShell);
  setClass(root, "pmf-large", Boolean(data.large));
  setText(parts.heading, data.title);
  setText(parts.text, data.text);
  children(parts.head, data.columns.length, () => {
    const cell = make("th");
    cell.scope = "col";
    return cell;
  }).forEach((cell, j) => {
    setText(cell, data.columns[j]);
    setClass(cell, "pmf-number", data.numeric[j]);
  });
  children(parts.body, data.rows.length, () => make("tr")).forEach((row, i) => {
    children(row, data.columns.length, () => make("td")).forEach((cell, j) => {
      setText(cell, String(data.rows[i][j]));
      setClass(cell, "pmf-number", data.numeric[j]);
    });
  });
}

export default function ({ data, parentElement }) {
  let root = parentElement.querySelector(":scope > .pmf-view");
  if (!root) {
    root = make("div", "pmf-view");
    parentElement.appendChild(root);
  }
  if (!data) return;
  if (data.kind === "table") drawTable(root, data);
  else drawChart(root, data);
}
