export { LIVE_CHECKS } from "./checks.generated";
