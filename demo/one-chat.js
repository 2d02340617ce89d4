// One chat on screen at a time: the floating launcher (the site-wide twin) shows only once the inline chat has
// scrolled out of view, so a visitor is never offered two separate conversations side by side. An open launcher
// panel stays where it is.
const inline = document.querySelector('.twin-figure twin-chat');
const launcher = document.querySelector('twin-chat[mode="launcher"]');

new IntersectionObserver(([entry]) => {
  if (!launcher.open) launcher.hidden = entry.isIntersecting;
}).observe(inline);
