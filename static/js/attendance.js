// Attendance pages: "全部出勤" marks every trainee present (the clerk then changes the few absent ones),
// and "全选" ticks every trainee offered for a class.
(function () {
  "use strict";
  var allPresent = document.getElementById("all-present");
  if (allPresent) {
    allPresent.addEventListener("click", function () {
      document.querySelectorAll('#attendance-grid input[type=radio][value=present]').forEach(function (radio) {
        radio.checked = true;
      });
    });
  }
  var selectAll = document.getElementById("select-all");
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      document.querySelectorAll('#assign-form input[type=checkbox][name=enrollments]').forEach(function (box) {
        box.checked = selectAll.checked;
      });
    });
  }
})();
