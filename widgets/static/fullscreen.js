// Full screen through the Fullscreen API, where the browser offers it. It does not on an
// iPhone, nor inside a frame that does not allow it: there the caller says so instead.

/** True when this page may ask for full screen. */
export function fullscreenSupported() {
  return typeof document !== "undefined" && document.fullscreenEnabled === true &&
    typeof Element.prototype.requestFullscreen === "function";
}

/** True while `el` fills the screen. */
export const isFullscreen = (el) => typeof document !== "undefined" && document.fullscreenElement === el;

/** Make `el` fill the screen, or leave full screen; false when the browser refused. */
export async function toggleFullscreen(el) {
  if (!fullscreenSupported()) return false;
  try {
    if (isFullscreen(el)) await document.exitFullscreen();
    else await el.requestFullscreen({ navigationUI: "hide" });
    return true;
  } catch {
    return false;
  }
}

/** Leave full screen if `el` has it (e.g. before the dialog it is in closes). */
export function leaveFullscreen(el) {
  if (isFullscreen(el)) document.exitFullscreen().catch(() => {});
}

/** Call `listener` whenever full screen starts or ends; returns a function that stops it. */
export function onFullscreenChange(listener) {
  document.addEventListener("fullscreenchange", listener);
  return () => document.removeEventListener("fullscreenchange", listener);
}
