package io.ramal.gateway.prompt;

/**
 * The queue's recorded audio, each a WAV file in the prompts directory named
 * {@code <file>.wav}, plus the numbers {@code numero-01.wav} .. {@code numero-20.wav}. The
 * shipped set (Brazilian Portuguese) is made by {@code deploy/prompts.sh}.
 */
public enum Prompt {
    /** "você é o número" */
    YOU_ARE_NUMBER("voce-e-o-numero"),
    /** "na fila" */
    IN_QUEUE("na-fila"),
    /** "por favor, aguarde" */
    PLEASE_HOLD("por-favor-aguarde"),
    /** "tempo estimado de espera" */
    ESTIMATED_WAIT("tempo-estimado"),
    /** "minuto" */
    MINUTE("minuto"),
    /** "minutos" */
    MINUTES("minutos"),
    /** "conectando": the caller hears it as the attendant is connected, before the tone. */
    CONNECTING("conectando"),
    /** "o atendente desligou, você voltou para o início da fila" */
    ATTENDANT_LEFT("atendente-desligou"),
    /** "nenhum atendente disponível, tente mais tarde. Até logo": before an overflow hangup. */
    NO_ATTENDANT("nenhum-atendente"),
    /** Hold audio, looped while the caller waits. */
    HOLD("espera"),
    /** The tone both sides hear together when connected. */
    CONNECT_TONE("tom-conectado"),
    /** The attendant's idle reminder and pause/resume acknowledgement. */
    BEEP("bipe");

    /** The largest number with a prompt of its own. */
    public static final int MAX_NUMBER = 20;

    private final String file;

    Prompt(String file) {
        this.file = file;
    }

    /** The file name without {@code .wav}. */
    public String file() {
        return file;
    }

    /** The file name (without {@code .wav}) of the number {@code n}, 1..{@link #MAX_NUMBER}. */
    public static String numberFile(int n) {
        if (n < 1 || n > MAX_NUMBER) {
            throw new IllegalArgumentException("no prompt for the number " + n + ", allowed 1.." + MAX_NUMBER);
        }
        return String.format("numero-%02d", n);
    }
}
