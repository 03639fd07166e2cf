/* Small, dependency-free behaviours shared by the portal's pages. */
(function () {
  "use strict";

  // Forms with data-confirm ask before an irreversible step.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // "增加一行" buttons (data-formset-add=PREFIX) append a copy of the formset's empty form, kept in
  // <template id="PREFIX-empty-row">, numbered by TOTAL_FORMS, which then counts the new row.
  document.querySelectorAll("button[data-formset-add]").forEach(function (button) {
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var most = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = document.getElementById(prefix + "-empty-row");
    var body = document.getElementById(button.getAttribute("data-formset-body"));
    if (!total || !template || !body) { return; }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (most && index >= parseInt(most.value, 10)) { return; }
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      var first = body.lastElementChild.querySelector("select, input");
      if (first) { first.focus(); }
    });
  });

  // The sex follows from the ID number (GB 11643: the 17th digit, odd = 男, even = 女; the 15th of an
  // old 15-digit number): fill it in as the clerk types, unless they chose it themselves.
  var idInput = document.getElementById("id_id_number");
  var sexSelect = document.getElementById("id_sex");
  if (idInput && sexSelect && idInput.form === sexSelect.form) {
    var sexFromId = function (value) {
      value = value.replace(/\s/g, "");
      var digit = /^\d{17}[\dXx]$/.test(value) ? value.charAt(16) : (/^\d{15}$/.test(value) ? value.charAt(14) : "");
      return digit ? (parseInt(digit, 10) % 2 ? "M" : "F") : "";
    };
    sexSelect.addEventListener("change", function () { sexSelect.removeAttribute("data-from-id"); });
    idInput.addEventListener("input", function () {
      var sex = sexFromId(idInput.value);
      if (sex && (!sexSelect.value || sexSelect.hasAttribute("data-from-id"))) {
        sexSelect.value = sex;
        sexSelect.setAttribute("data-from-id", "");
      }
    });
  }

  // Job pages poll their status until the job finishes, then offer the download.
  var job = document.getElementById("job");
  if (job) {
    var url = job.getAttribute("data-status-url");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          document.getElementById("job-status").textContent = data.status_label;
          document.getElementById("job-bar").style.width = data.progress + "%";
          document.getElementById("job-percent").textContent = data.progress + "%";
          job.querySelector(".progress").setAttribute("aria-valuenow", data.progress);
          if (data.error) {
            var error = document.getElementById("job-error");
            error.textContent = data.error;
            error.hidden = false;
          }
          var retry = document.getElementById("job-retry");
          if (retry && data.status === "failed") {
            retry.hidden = false;
          }
          if (data.download_url) {
            var link = document.getElementById("job-download-link");
            link.href = data.download_url;
            link.textContent = "下载 " + data.result_name;
            document.getElementById("job-download").hidden = false;
          }
          if (!data.finished) {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    poll();
  }

  // Forms marked data-live-decision show the eligibility decision (and the places left, when the
  // endpoint reports them) in the #decision panel as the clerk types; data-live-only forms never submit.
  var live = document.querySelector("form[data-live-decision]");
  if (live) {
    var endpoint = live.getAttribute("data-live-decision");
    var part = function (name) { return document.getElementById("decision-" + name); };
    var timer = null;
    var seq = 0;
    var label = function (name) {
      var el = live.querySelector("label[for=id_" + name + "]");
      return el ? el.textContent.replace(/[:：]\s*$/, "") : name;
    };
    // ISO dates from the endpoint read as the portal prints dates elsewhere: 2026年5月1日.
    var chineseDate = function (iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      return m ? m[1] + "年" + parseInt(m[2], 10) + "月" + parseInt(m[3], 10) + "日" : iso;
    };
    var show = function (data) {
      var summary = part("summary");
      ["route", "places", "meta"].forEach(function (name) { part(name).textContent = ""; });
      part("reasons").innerHTML = "";
      if (data.limited) {
        summary.className = "decision-no";
        summary.textContent = data.message;
        return;
      }
      if (!data.complete) {
        summary.className = "hint";
        summary.textContent = "信息尚不完整：" + Object.keys(data.errors).map(function (k) {
          return label(k) + "（" + data.errors[k].join("，") + "）";
        }).join("；");
        return;
      }
      summary.className = data.eligible ? "decision-ok" : "decision-no";
      summary.textContent = data.eligible ? "符合报名条件" : "不符合报名条件";
      // A route met while other conditions fail must not read as a contradiction of the summary above.
      if (data.route) {
        part("route").textContent = data.eligible
          ? "符合途径：" + data.route_label
          : "已满足报名途径“" + data.route_label + "”，但以下条件不符合：";
      }
      var item = function (r, text) {
        var li = document.createElement("li");
        li.textContent = text;
        li.setAttribute("data-code", r.code);
        return li;
      };
      var routes = data.reasons.filter(function (r) { return r.route_label; });
      data.reasons.forEach(function (r) {
        if (!r.route_label) { part("reasons").appendChild(item(r, r.message)); }
      });
      // Failed routes are alternatives: one of them is enough, so they are listed apart and said so.
      if (routes.length) {
        var group = document.createElement("li");
        group.className = "routes-failed";
        group.textContent = routes.length > 1
          ? "以下报名途径均未满足（满足其中任意一项即可）："
          : "报名途径未满足：";
        var list = document.createElement("ul");
        routes.forEach(function (r) { list.appendChild(item(r, r.route_label + "：" + r.message)); });
        group.appendChild(list);
        part("reasons").appendChild(group);
      }
      if (data.places) {
        var p = data.places;
        part("places").textContent = "本基地" + p.what + "名额：计划 " + p.planned + " 人" +
          (p.allowed !== p.planned ? "，允许 " + p.allowed + " 人" : "") + "，已登记 " + p.used + " 人，剩余 " + p.left + " 人";
      }
      part("meta").textContent = "依据政策第 " + data.policy_version + " 版，" +
        (data.reference_date ? "资格审核基准日 " + chineseDate(data.reference_date) : "基准日为今日");
    };
    var evaluate = function () {
      var mine = ++seq;
      fetch(endpoint, { method: "POST", body: new FormData(live), credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { if (mine === seq) { show(data); } });
    };
    var later = function (ms) { return function () { window.clearTimeout(timer); timer = window.setTimeout(evaluate, ms); }; };
    live.addEventListener("input", later(250));
    live.addEventListener("change", later(50));
    if (live.hasAttribute("data-live-only")) {
      live.addEventListener("submit", function (event) { event.preventDefault(); evaluate(); });
    }
    var idField = live.querySelector("#id_id_number");
    if (idField && idField.value) { evaluate(); }
  }
})();
