// Jump between the marked occurrences of a search on an article page (上一处 / 下一处).
(function () {
  var bar = document.querySelector(".marks-bar");
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[id^='hit-']"));
  if (!bar || !marks.length) return;
  var count = bar.querySelector(".marks-count");
  var total = count.textContent;
  var current = -1;
  function show(index) {
    if (current >= 0) marks[current].classList.remove("current");
    current = (index + marks.length) % marks.length;
    var mark = marks[current];
    mark.classList.add("current");
    mark.setAttribute("tabindex", "-1");
    mark.scrollIntoView({block: "center"});
    mark.focus({preventScroll: true});
    count.textContent = total + "，第 " + (current + 1) + " 处";
  }
  ["prev", "next"].forEach(function (name) {
    var button = bar.querySelector(".marks-" + name);
    button.hidden = false;
    button.addEventListener("click", function () { show(current + (name === "next" ? 1 : -1)); });
  });
})();
