/** Moved to common; kept for the specs outside miners that still import it from here. */
export { domainErrorOf } from '../../common/thrown.fixture.js';
