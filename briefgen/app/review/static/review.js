// The one script of the review page: text selected in the article fills the quote of the
// "add a figure" form. Without it the quote can be typed or pasted; the server checks it.
document.addEventListener("mouseup", function () {
  var article = document.getElementById("article");
  var field = document.getElementById("add-quote");
  var selection = window.getSelection();
  if (!article || !field || !selection || selection.isCollapsed) return;
  if (!article.contains(selection.anchorNode) || !article.contains(selection.focusNode)) return;
  field.value = selection.toString().replace(/\s+/g, " ").trim();
});
