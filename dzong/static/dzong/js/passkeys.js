// Passkeys (WebAuthn) on the back office's sign-in and factors pages. A form marked
// data-passkey="get" or "create" carries the server's options (a JSON script element named
// by data-options); on submit the browser is asked for a passkey, and its answer goes back
// in the form's "credential" field as JSON with base64url bytes, the same JSON py_webauthn
// reads. Without JavaScript or WebAuthn these forms stay hidden or say why: the code from
// the authenticator app still works.

function fromBase64url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
}

function toBase64url(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function withIds(descriptors) {
  return (descriptors || []).map((d) => ({ ...d, id: fromBase64url(d.id) }));
}

function publicKeyOptions(kind, options) {
  const publicKey = { ...options, challenge: fromBase64url(options.challenge) };
  if (kind === "create") {
    publicKey.user = { ...options.user, id: fromBase64url(options.user.id) };
    publicKey.excludeCredentials = withIds(options.excludeCredentials);
  } else {
    publicKey.allowCredentials = withIds(options.allowCredentials);
  }
  return publicKey;
}

function answer(credential) {
  const response = credential.response;
  const encoded = { clientDataJSON: toBase64url(response.clientDataJSON) };
  for (const name of ["attestationObject", "authenticatorData", "signature", "userHandle"]) {
    if (response[name]) encoded[name] = toBase64url(response[name]);
  }
  if (typeof response.getTransports === "function") encoded.transports = response.getTransports();
  return JSON.stringify({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: encoded,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
  });
}

function say(form, text) {
  const message = form.querySelector("[data-passkey-message]");
  message.textContent = text;
  message.hidden = false;
}

async function ask(form) {
  const kind = form.dataset.passkey;
  const options = JSON.parse(document.getElementById(form.dataset.options).textContent);
  const publicKey = publicKeyOptions(kind, options);
  const credential =
    kind === "create"
      ? await navigator.credentials.create({ publicKey })
      : await navigator.credentials.get({ publicKey });
  form.elements.credential.value = answer(credential);
}

function enhance(form) {
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    if (form.elements.credential.value) return;
    // A passkey without a name is not made: the server asks for the name first.
    if (form.elements.name && !form.elements.name.value.trim()) return;
    event.preventDefault();
    try {
      await ask(form);
    } catch {
      say(form, form.dataset.refused);
      return;
    }
    form.submit();
  });
}

export function initPasskeys(root) {
  if (!window.PublicKeyCredential || !navigator.credentials) return;
  for (const form of root.querySelectorAll("form[data-passkey]")) enhance(form);
}

initPasskeys(document);
