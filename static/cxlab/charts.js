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
