"""The few shared UI pieces of the Streamlit app: which corpus to show, loaded once and cached."""
