/** Text files bundled into the renderer as strings (Vite's `?raw`): the Help page's documents. */
declare module '*.md?raw' {
  const text: string;
  export default text;
}
