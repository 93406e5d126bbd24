// Draws every plotly figure on the page: <div data-chart="ID"> reads its figure from
// the <script type="application/json" id="ID"> that the server wrote with json_script.
document.querySelectorAll("[data-chart]").forEach(function (element) {
  var figure = JSON.parse(document.getElementById(element.dataset.chart).textContent);
  Plotly.newPlot(element, figure.data, figure.layout, {
    responsive: true,
    // No toolbar: its buttons would sit inside role="img", and one offers a cloud upload.
    displayModeBar: false,
  });
});

// A heatmap's rows sorted by one column, highest first (empty cells last), or back in the
// teams' tree order: its cells, labels and hovers move together.
document.querySelectorAll("select[data-sort]").forEach(function (select) {
  var element = document.getElementById(select.dataset.sort);
  var trace = element.data && element.data[0];
  if (!trace) return;
  var tree = { z: trace.z, text: trace.text, y: trace.y, customdata: trace.customdata };
  select.closest(".heatmap-sort").hidden = false;
  select.addEventListener("change", function () {
    var order = tree.y.map(function (_label, row) { return row; });
    if (select.value !== "") {
      var column = Number(select.value);
      var key = function (row) {
        var value = tree.z[row][column];
        return value === null ? -Infinity : value;
      };
      order.sort(function (a, b) { return key(b) - key(a) || a - b; });
    }
    var pick = function (rows) {
      return rows && order.map(function (row) { return rows[row]; });
    };
    var update = { z: [pick(tree.z)], text: [pick(tree.text)], y: [pick(tree.y)] };
    if (tree.customdata) update.customdata = [pick(tree.customdata)];
    Plotly.restyle(element, update);
  });
});
