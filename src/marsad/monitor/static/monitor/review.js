// Review queue: keys 1-4 and 0 press the label buttons, S skips (see review.html).
document.addEventListener("keydown", function (event) {
  if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  var key = event.key.toLowerCase();
  var button = document.querySelector('.review-actions button[data-key="' + key + '"]');
  if (button) {
    event.preventDefault();
    button.click();
  }
});
