// Starts the lesson worker: loads its wasm-bindgen glue, then its wasm (both beside this file).
importScripts('tutor.js');
wasm_bindgen({ module_or_path: 'tutor_bg.wasm' });
