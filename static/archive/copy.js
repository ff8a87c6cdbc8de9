// The citation's copy button: shown only when the browser can copy, so without
// JavaScript the citation is simply selectable text.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(source.textContent.trim()).then(
      () => { button.textContent = "已复制"; },
      () => { button.textContent = "复制失败，请手动选择引文"; },
    );
    setTimeout(() => { button.textContent = label; }, 2500);
  });
});
