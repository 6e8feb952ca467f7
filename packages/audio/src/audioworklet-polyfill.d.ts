// The polyfill ships no types; it only patches globals when imported.
declare module 'audioworklet-polyfill';
