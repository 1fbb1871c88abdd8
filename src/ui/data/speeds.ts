// The playback speeds the controls offer, in virtual ms per real ms.
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 1000;
