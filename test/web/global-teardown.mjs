// Its own file, not the e2e one: jest runs a global hook once per distinct path, and the shared
// server is released only after every project that prepared it has finished.
import { teardown } from '../support/global-setup.mjs';

export default teardown;
