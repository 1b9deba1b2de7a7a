// The theme reads the colour mode from <html data-mode>, which its removed inline script
// used to set; without it the theme logs "invalid theme mode". The book is light only.
document.documentElement.dataset.mode = "light";
document.documentElement.dataset.theme = "light";
