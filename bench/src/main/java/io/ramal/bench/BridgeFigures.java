package io.ramal.bench;

/**
 * What the pairs of a queue run heard. Each leg learns its partner from the first stamped frame
 * it hears (the bridge relays frames as they are) and counts loss from there.
 *
 * @param agents              where the attendants dialled
 * @param pairs               attendant and caller pairs
 * @param legsBridged         legs that heard a partner
 * @param pairsBridged        attendants and callers that heard each other (each the other's partner)
 * @param legsHearingPartnerTone legs that heard their partner's frequency, and only it, in every frame
 * @param partnerToneFrames   frames whose strongest tone was the partner's frequency
 * @param otherToneFrames     frames whose strongest tone was another one
 */
public record BridgeFigures(String agents, int pairs, int legsBridged, int pairsBridged, int legsHearingPartnerTone,
                            long partnerToneFrames, long otherToneFrames) {
}
