/**
 * `import SCRIPT from '<browser entry>.ts?iife'`: the entry compiled to one classic script, as
 * a string (scripts/browser-script.ts does it in the build and in the tests), so no generated
 * file is needed to type-check.
 */
declare module '*?iife' {
  const script: string;
  export default script;
}
