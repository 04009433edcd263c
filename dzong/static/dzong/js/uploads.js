// A large file goes up in parts before its page is sent (see dzong/portal/upload_views.py):
// when the connection drops, the server is asked how much it holds (HEAD) and the file goes
// on from there, never from the start. The page is then sent with the upload's token in the
// file's place, and the server checks the whole file exactly as one sent at once. Without
// script, or for a small file, the file goes with its page as always.
function reconnected() {
  return new Promise((resolve) => {
    if (navigator.onLine) setTimeout(resolve, 2000);
    else addEventListener("online", resolve, { once: true });
  });
}

async function offsetHeld(url) {
  const response = await fetch(url, { method: "HEAD", credentials: "same-origin", cache: "no-store" });
  return response.ok ? Number(response.headers.get("Upload-Offset")) : null;
}

async function sendInParts(form, input, partBytes) {
  const file = input.files[0];
  const csrf = { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value };
  const begun = await fetch(form.dataset.uploadUrl, {
    method: "POST",
    headers: { ...csrf, "Upload-Length": String(file.size) },
    body: new URLSearchParams({ field: input.name, name: file.name }),
    credentials: "same-origin",
  });
  if (begun.status !== 201) return null;
  const url = begun.headers.get("Location");
  let offset = 0;
  while (offset < file.size) {
    try {
      const response = await fetch(url, {
        method: "PATCH",
        headers: { ...csrf, "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
        body: file.slice(offset, offset + partBytes),
        credentials: "same-origin",
      });
      if (response.status !== 204 && response.status !== 409) return null;
      offset = Number(response.headers.get("Upload-Offset"));
    } catch {
      await reconnected();
      offset = (await offsetHeld(url).catch(() => null)) ?? offset;
    }
  }
  return url.split("/").filter(Boolean).pop();
}

export function initUploads(document) {
  const form = document.querySelector("form[data-upload-url]");
  if (!form) return;
  const partBytes = Number(form.dataset.partBytes);
  let ready = false;
  form.dataset.resumable = "on"; // from now on, large files go in parts
  form.addEventListener("submit", async (event) => {
    const large = [...form.querySelectorAll("input[type='file']")]
      .filter((input) => input.files[0]?.size > partBytes);
    if (ready || !large.length || !navigator.onLine) return;
    event.preventDefault();
    for (const input of large) {
      const token = await sendInParts(form, input, partBytes).catch(() => null);
      if (!token) break; // refused or broken: the file goes with its page, as without script
      const named = Object.assign(document.createElement("input"), { type: "hidden", value: token });
      named.name = `resumed-${input.name}`;
      form.append(named);
      input.value = "";
    }
    ready = true;
    form.requestSubmit(event.submitter);
  });
}
